// Frames as the vendor sends them (massive-protocol.md) and as the project's test guide gives them.

export const TRADE = {
  ev: 'T',
  sym: 'MSFT',
  x: 4,
  i: '12345',
  z: 3,
  p: 114.125,
  s: 100,
  c: [0, 12],
  t: 1536036818784,
  q: 3681328,
};

export const QUOTE = {
  ev: 'Q',
  sym: 'MSFT',
  bx: 4,
  bp: 114.125,
  bs: 100,
  ax: 7,
  ap: 114.128,
  as: 160,
  c: 0,
  i: [604],
  t: 1536036818784,
  q: 50385480,
  z: 3,
};

export const MINUTE_BAR = {
  ev: 'AM',
  sym: 'GTE',
  v: 4110,
  av: 9470157,
  op: 0.4372,
  vw: 0.4488,
  o: 0.4488,
  c: 0.4486,
  h: 0.4489,
  l: 0.4486,
  a: 0.4352,
  z: 685,
  s: 1610144640000,
  e: 1610144700000,
};

export const SECOND_BAR = { ...MINUTE_BAR, ev: 'A', s: 1610144640000, e: 1610144641000 };

// From the project's test guide.
export const GUIDE_TRADE = '{"ev":"T","sym":"AAPL","p":150.25,"s":100,"t":1234567890000}';
export const GUIDE_QUOTE = '{"ev":"Q","sym":"AAPL","ap":150.10,"as":1000,"bp":150.00,"bs":2000}';
export const GUIDE_MINUTE =
  '{"ev":"AM","sym":"AAPL","o":150.0,"h":151.0,"l":149.5,"c":150.5,"v":10000,"t":1234567890000}';
export const GUIDE_AUTH = '{"status":"success","session":"xyz"}';
