import { decodeClientMessage, parseTopic, splitTopicList } from '@tickmux/core';
import { entitled, type ResolvedKey } from './accounts.js';
import type { SimConnection } from './connection.js';
import { frameOf, Status } from './messages.js';

/** What the protocol handler needs from the server. */
export interface ProtocolHost {
  /** The key's plan, or undefined for an unknown key. */
  keyOf(apiKey: string): ResolvedKey | undefined;
  /** A socket authenticated: enforce its account's connection limit. */
  onAuthenticated(conn: SimConnection): void;
  /** A socket's auth failed (`plan`: the key exists but has no socket access): tell it, close 1008. */
  rejectAuth(conn: SimConnection, plan: boolean): void;
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
    case 'auth': {
      if (conn.authenticated) return conn.sendRaw(frameOf(Status.alreadyAuthenticated()));
      const key = host.keyOf(params);
      if (key === undefined || !key.websocket) return host.rejectAuth(conn, key !== undefined);
      conn.key = key;
      return host.onAuthenticated(conn);
    }
    case 'subscribe':
    case 'unsubscribe':
      if (!conn.authenticated) return conn.sendRaw(frameOf(Status.notAuthorized()));
      changeTopics(conn, action, params);
      return host.onTopicsChanged();
    default:
      conn.sendRaw(frameOf(Status.unknownAction(action)));
  }
}

/**
 * One status frame per topic, in the client's order (the vendor's observed shape: a single frame
 * of 16,000 acks would pass the Go client's 1,000,000-byte read limit).
 */
function changeTopics(
  conn: SimConnection,
  action: 'subscribe' | 'unsubscribe',
  params: string,
): void {
  const topics = splitTopicList(params);
  if (topics.length === 0) return conn.sendRaw(frameOf(Status.noTopics(action)));
  conn.batch(() => {
    for (const topic of topics) changeTopic(conn, action, topic);
  });
}

/** One topic's change and its status frame. */
function changeTopic(
  conn: SimConnection,
  action: 'subscribe' | 'unsubscribe',
  topic: string,
): void {
  const parts = parseTopic(topic);
  if (parts === undefined) {
    conn.sendRaw(frameOf(Status.invalidTopic(topic)));
  } else if (action === 'unsubscribe') {
    conn.subs.remove(topic, parts.channel, parts.ticker);
    conn.sendRaw(frameOf(Status.unsubscribed(topic)));
  } else if (!entitled(conn.key!, parts.channel)) {
    conn.sendRaw(frameOf(Status.notEntitled(topic)));
  } else {
    conn.subs.add(topic, parts.channel, parts.ticker);
    conn.sendRaw(frameOf(Status.subscribed(topic)));
  }
}
