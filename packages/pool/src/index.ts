export { Dedup } from './dedup.js';
export type { DedupStats } from './dedup.js';
export { DedupSource } from './dedup-source.js';
export type { DedupVerdict } from './dedup-source.js';
export { DEFAULT_DEDUP_OPTIONS } from './dedup-options.js';
export type { DedupOptions } from './dedup-options.js';
export { barFingerprint, BAR_CONTENT_FIELDS } from './bar-fingerprint.js';
export { tradingDay, toMillis, TRADING_DAY_OFFSET_MS } from './trading-day.js';
