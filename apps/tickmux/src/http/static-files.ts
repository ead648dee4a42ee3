import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's own files: `apps/tickmux/public`. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../public', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves a fixed set of files: those directly in `dir` (at `/<name>`, `index.html` also at `/`)
 * and the chart library from node_modules at `/vendor/`. The set is listed once at start, so no
 * request path reaches the file system (no traversal).
 */
export class StaticFiles {
  private readonly files = new Map<string, string>();

  constructor(dir: string = DASHBOARD_DIR) {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      if (name.isFile() && TYPES[extname(name.name)] !== undefined)
        this.files.set(`/${name.name}`, join(dir, name.name));
    }
    const index = this.files.get('/index.html');
    if (index !== undefined) this.files.set('/', index);
    const uplot = dirname(createRequire(import.meta.url).resolve('uplot'));
    this.files.set('/vendor/uPlot.iife.min.js', join(uplot, 'uPlot.iife.min.js'));
    this.files.set('/vendor/uPlot.min.css', join(uplot, 'uPlot.min.css'));
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Writes the file at `path`; false when there is none. */
  async serve(path: string, res: ServerResponse, head = false): Promise<boolean> {
    const file = this.files.get(path);
    if (file === undefined) return false;
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
    });
    res.end(head ? undefined : body);
    return true;
  }
}
