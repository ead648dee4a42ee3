/**
 * Golden frames in the vendor's own bytes, so that clients are tested against text that does not
 * come from tickmux's encoder (a misreading shared by our encoder and decoder would pass both).
 *
 * Sources (copied as facts, byte for byte where the vendor shows bytes):
 * - The vendor's OpenAPI description of its socket feeds (`.massive/websocket.json` in
 *   github.com/massive-com/client-python at 481e5c2, last changed in a1a8cd0, 2025-10-30): the
 *   documented example of each stocks event (`/stocks/T`, `/Q`, `/A`, `/AM`, `/LULD`), which the
 *   feed sends inside a JSON array.
 * - The status texts quoted in docs/massive-protocol.md (vendor docs and user reports).
 * - The vendor Python client's mock server (`test_websocket/mock_server.py`, same repository): the
 *   session shape connected → auth_success → per subscribed topic one ack frame, then its trade
 *   frames, written by Python's `json.dumps` (a space after every `:` and `,`).
 */
export const VENDOR_FRAMES = {
  trade:
    '[{"ev":"T","sym":"MSFT","x":4,"i":"12345","z":3,"p":114.125,"s":100,"c":[0,12],"t":1536036818784,"q":3681328}]',
  quote:
    '[{"ev":"Q","sym":"MSFT","bx":4,"bp":114.125,"bs":100,"ax":7,"ap":114.128,"as":160,"c":0,"i":[604],"t":1536036818784,"q":50385480,"z":3}]',
  second:
    '[{"ev":"A","sym":"SPCE","v":200,"av":8642007,"op":25.66,"vw":25.3981,"o":25.39,"c":25.39,"h":25.39,"l":25.39,"a":25.3714,"z":50,"s":1610144868000,"e":1610144869000}]',
  minute:
    '[{"ev":"AM","sym":"GTE","v":4110,"av":9470157,"op":0.4372,"vw":0.4488,"o":0.4488,"c":0.4486,"h":0.4489,"l":0.4486,"a":0.4352,"z":685,"s":1610144640000,"e":1610144700000}]',
  luld: '[{"ev":"LULD","T":"MSFT","h":218.96,"l":198.11,"i":[21],"z":3,"t":1601316752683746,"q":290317}]',
  connected: '[{"ev":"status","status":"connected","message":"Connected Successfully"}]',
  authSuccess: '[{"ev":"status","status":"auth_success","message":"authenticated"}]',
  authFailed: '[{"ev":"status","status":"auth_failed","message":"authentication failed"}]',
  authFailedPlan:
    '[{"ev":"status","status":"auth_failed","message":"Your plan doesn\'t include websocket access. Visit https://massive.com/pricing to upgrade."}]',
  authTimeout:
    '[{"ev":"status","status":"auth_timeout","message":"No authentication request received."}]',
  maxConnections:
    '[{"ev":"status","status":"max_connections","message":"Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support to increase your limit."}]',
  maxConnections2026:
    '[{"ev":"status","status":"max_connections","message":"Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support at https://polygon.io/contact to increase your limit."}]',
  notAuthorized: '[{"ev":"status","status":"error","message":"not authorized"}]',
} as const;

/** The vendor Python client's mock server, frame for frame (`json.dumps` spacing). */
export const PYTHON_MOCK_SESSION = {
  connected: VENDOR_FRAMES.connected,
  authSuccess: VENDOR_FRAMES.authSuccess,
  /** One frame per topic acked. */
  ack: (topic: string, verb: 'subscribed' | 'unsubscribed' = 'subscribed') =>
    `[{"ev": "status", "status": "success", "message": "${verb} to: ${topic}"}]`,
  /** The trade frames the mock sends after each subscribe ack, in order. */
  trades: [
    '[{"ev": "T", "sym": "AAPL", "i": "5096", "x": 10, "p": 161.87, "s": 300, "c": [14, 41], "t": 1651684192462, "q": 4009402, "z": 3}]',
    '[{"ev": "T", "sym": "AMZN", "i": "72815", "x": 12, "p": 161.87, "s": 1, "c": [14, 37, 41], "t": 1651684192536, "q": 4009408, "z": 3}, {"ev": "T", "sym": "AMZN", "i": "799", "x": 4, "p": 161.87, "s": 100, "t": 1651684192717, "q": 4009434, "z": 3}]',
  ],
} as const;
