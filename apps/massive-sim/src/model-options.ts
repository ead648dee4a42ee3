import type { QuoteSizeUnit } from './lots.js';
import type { SequenceMode } from './sequence.js';
import type { SimTicker } from './universe.js';

/** Settings of the market model. */
export interface MarketModelOptions {
  seed: number;
  universe: readonly SimTicker[];
  /** Trades + quotes per simulated second over all tickers, at the midday regular-session level. */
  rate: number;
  /** Share of arrivals that are trades (the rest are quotes). */
  tradeRatio: number;
  /** Simulated time at which the model starts, Unix ms. */
  startMs: number;
  /** @default 'sparse' */
  seq?: SequenceMode;
  /** @default 'shares' */
  quoteSizes?: QuoteSizeUnit;
  /** Second bars go out this long after their second ends. @default 2000 */
  secondBarDelayMs?: number;
  /** Share of trades reported late (their minute bar is re-sent). @default 0.002 */
  lateTradeRatio?: number;
  /** Longest delay of a late report, ms (at most 15 minutes). @default 300000 */
  lateTradeMaxDelayMs?: number;
  /** Share of off-exchange prints in fractional shares (`ds`; bars then carry `dv`/`dav`). @default 0.01 */
  fractionalRatio?: number;
  /** Automatic LULD halts per regular session over the whole universe. @default 1 */
  haltsPerDay?: number;
}

/** Defaults of the optional {@link MarketModelOptions}. */
export const MODEL_DEFAULTS = {
  seq: 'sparse',
  quoteSizes: 'shares',
  secondBarDelayMs: 2_000,
  lateTradeRatio: 0.002,
  lateTradeMaxDelayMs: 300_000,
  fractionalRatio: 0.01,
  haltsPerDay: 1,
} as const satisfies Partial<MarketModelOptions>;

export type ResolvedModelOptions = Required<MarketModelOptions>;
