/** Frames from the project's test guide, as the server would send them (each wrapped in an array). */
export const GUIDE_FRAMES = {
  trade: '[{"ev":"T","sym":"AAPL","p":150.25,"s":100,"t":1234567890000}]',
  quote: '[{"ev":"Q","sym":"AAPL","ap":150.10,"as":1000,"bp":150.00,"bs":2000}]',
  minute:
    '[{"ev":"AM","sym":"AAPL","o":150.0,"h":151.0,"l":149.5,"c":150.5,"v":10000,"t":1234567890000}]',
  authReply: '[{"status":"success","session":"xyz"}]',
} as const;

export const CONNECTED =
  '[{"ev":"status","status":"connected","message":"Connected Successfully"}]';
export const AUTH_SUCCESS = '[{"ev":"status","status":"auth_success","message":"authenticated"}]';
export const AUTH_FAILED =
  '[{"ev":"status","status":"auth_failed","message":"authentication failed"}]';

/** The acks a server sends for a subscribe message's params. */
export function acksFor(
  params: string,
  verb: 'subscribed' | 'unsubscribed' = 'subscribed',
): string {
  return JSON.stringify(
    params
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .map((t) => ({ ev: 'status', status: 'success', message: `${verb} to: ${t}` })),
  );
}
