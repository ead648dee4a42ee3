import { decodeClientMessage, parseTopic, splitTopicList, type StatusMessage } from '@tickmux/core';
import type { SimConnection } from './connection.js';
import { frameOf, Status } from './messages.js';

/** What the protocol handler needs from the server. */
export interface ProtocolHost {
  /** API key -> connection limit. */
  limits: ReadonlyMap<string, number>;
  /** A socket authenticated: enforce its key's connection limit. */
  onAuthenticated(conn: SimConnection): void;
  /** A socket's auth failed: tell it and close with 1008. */
  rejectAuth(conn: SimConnection): void;
  /** A socket's topics changed. */
  onTopicsChanged(): void;
}

/**
 * Handles one client control message, strictly in arrival order (pipelined messages included).
 * Never closes the socket for a bad message: it answers with an error status and carries on.
 */
export function handleClientMessage(conn: SimConnection, text: string, host: ProtocolHost): void {
  const decoded = decodeClientMessage(text);
  if (!decoded.ok) {
    conn.sendRaw(frameOf(Status.invalidMessage(decoded.issue.message)));
    return;
  }
  const { action, params } = decoded.message;
  switch (action) {
    case 'auth':
      if (conn.authenticated) {
        conn.sendRaw(frameOf(Status.alreadyAuthenticated()));
      } else if (host.limits.has(params)) {
        conn.apiKey = params;
        host.onAuthenticated(conn);
      } else {
        host.rejectAuth(conn);
      }
      return;
    case 'subscribe':
    case 'unsubscribe':
      if (!conn.authenticated) {
        conn.sendRaw(frameOf(Status.notAuthorized()));
        return;
      }
      changeTopics(conn, action, params);
      host.onTopicsChanged();
      return;
    default:
      conn.sendRaw(frameOf(Status.unknownAction(action)));
  }
}

function changeTopics(
  conn: SimConnection,
  action: 'subscribe' | 'unsubscribe',
  params: string,
): void {
  const topics = splitTopicList(params);
  if (topics.length === 0) {
    conn.sendRaw(frameOf(Status.noTopics(action)));
    return;
  }
  // One ack per topic, all in one frame, in the order the client listed them.
  const replies: StatusMessage[] = [];
  for (const topic of topics) {
    const parts = parseTopic(topic);
    if (parts === undefined) {
      replies.push(Status.invalidTopic(topic));
    } else if (action === 'subscribe') {
      conn.subs.add(topic, parts.channel, parts.ticker);
      replies.push(Status.subscribed(topic));
    } else {
      conn.subs.remove(topic, parts.channel, parts.ticker);
      replies.push(Status.unsubscribed(topic));
    }
  }
  conn.sendRaw(frameOf(...replies));
}
