import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidArgumentError } from '@tickmux/core';

/** What a route handler gets. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** A JSON answer, a text answer, or undefined when the handler wrote the response itself. */
export type RouteResult =
  | { status?: number; json: unknown }
  | { status?: number; text: string; contentType: string }
  | undefined;

export interface Route {
  method: 'GET' | 'POST';
  /** A path with `:name` segments, e.g. `/api/websocket/connections/:id`. */
  pattern: string;
  /** Changes state: needs the bearer token when one is configured. */
  mutating?: boolean;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

export type RouteMatch =
  { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined;

interface Compiled {
  route: Route;
  re: RegExp;
  names: string[];
}

/** Matches a method and path against a fixed list of routes. */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((seg) => {
          if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(seg.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, re: new RegExp(`^${source}$`), names };
    });
  }

  /** The route and its decoded params; `{ allowed }` when only the method is wrong; else undefined. */
  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const { route, re, names } of this.compiled) {
      const m = re.exec(path);
      if (m === null) continue;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]!);
        } catch {
          throw new InvalidArgumentError(name, m[i + 1], 'is not a valid URL component');
        }
      });
      return { route, params };
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}
