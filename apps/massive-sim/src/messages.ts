import { encodeFrame, statusMessage } from '@tickmux/core';

/**
 * Every status the simulator sends, in the vendor's exact wording where the vendor documents one
 * (massive-protocol.md); the others are marked (ours) there and in the README.
 */
export const Status = {
  connected: () => statusMessage('connected', 'Connected Successfully'),
  authSuccess: () => statusMessage('auth_success', 'authenticated'),
  authFailed: () => statusMessage('auth_failed', 'authentication failed'),
  /** A key whose plan has no socket access. */
  authFailedPlan: () =>
    statusMessage(
      'auth_failed',
      "Your plan doesn't include websocket access. Visit https://massive.com/pricing to upgrade.",
    ),
  authTimeout: () => statusMessage('auth_timeout', 'No authentication request received.'),
  maxConnections: () =>
    statusMessage(
      'max_connections',
      'Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support to increase your limit.',
    ),
  subscribed: (topic: string) => statusMessage('success', `subscribed to: ${topic}`),
  unsubscribed: (topic: string) => statusMessage('success', `unsubscribed to: ${topic}`),
  // (ours) below
  notAuthorized: () => statusMessage('error', 'not authorized'),
  /** A topic outside the key's plan. */
  notEntitled: (topic: string) => statusMessage('error', `not authorized: ${topic}`),
  forceDisconnect: () =>
    statusMessage('force_disconnect', 'the server closed this connection (force_disconnect)'),
  alreadyAuthenticated: () => statusMessage('error', 'already authenticated'),
  unknownAction: (action: string) => statusMessage('error', `unknown action: ${action}`),
  invalidMessage: (problem: string) => statusMessage('error', problem),
  invalidTopic: (topic: string) => statusMessage('error', `invalid topic: ${topic}`),
  noTopics: (action: string) =>
    statusMessage('error', `${action} needs params: a comma-separated topic list`),
  slowConsumer: (bytes: number) =>
    statusMessage(
      'slow_consumer',
      `slow consumer: more than ${bytes} bytes were waiting to be sent`,
    ),
} as const;

/** Close codes the simulator uses. */
export const CloseCode = {
  /** Policy violation: auth failed or timed out, connection limit, slow consumer. */
  POLICY: 1008,
  /** Server restart. */
  RESTART: 1012,
  /** Normal closure (server shutdown). */
  NORMAL: 1001,
} as const;

export const frameOf = (...statuses: ReturnType<typeof statusMessage>[]): string =>
  encodeFrame(statuses);
