import { selectTopics, type TopicSelection } from '@tickmux/client';
import { ErrorCode, InvalidArgumentError, type Clock } from '@tickmux/core';
import { addTickers, removeTickers } from '@tickmux/routing';
import type { ConnectionSet } from './connection-set.js';
import type { Dedup } from './dedup.js';
import type { GapLedger } from './gap-ledger.js';
import type { ResolvedManagerOptions } from './manager-options.js';
import type { RoutingDriver } from './routing-driver.js';
import type { Want } from './wants.js';

/** What the subscriptions read from their manager. */
export interface SubscriptionsContext {
  readonly o: ResolvedManagerOptions;
  readonly clock: Clock;
  /** The configured channels (what a bare ticker list means). */
  readonly channels: readonly string[];
  readonly dedup: Dedup;
  readonly connections: ConnectionSet;
  driver(): RoutingDriver;
  gaps(): GapLedger;
  /** True between `connect()` and the end of `disconnect()`: only then can a want be confirmed. */
  running(): boolean;
}

/**
 * What consumers ask for, applied: a selection becomes wants (the wildcard refused), counted per
 * consumer; tickers wanted anew are routed (after `autoScale` opened what they need), tickers no
 * longer wanted are unrouted and their gap and dedup state forgotten, and a ticker whose channel
 * set changed is resubscribed on its connections.
 */
export class Subscriptions {
  constructor(private readonly x: SubscriptionsContext) {}

  /** The wants of a selection; unless `forRemoval`, their channels become known to the driver. */
  select(selection: TopicSelection | readonly string[], forRemoval = false): Want[] {
    const entries = selectTopics(selection, this.x.channels, this.x.o.client.cluster ?? 'stocks');
    const out: Want[] = [];
    for (const e of entries) {
      if (e.ticker === '*')
        throw new InvalidArgumentError(
          'tickers',
          '*',
          'the pool routes tickers; subscribe the wildcard on a single MassiveClient',
          ErrorCode.INVALID_TICKER,
        );
      if (!forRemoval) this.x.driver().channels.add(e.channel);
      out.push({ ticker: e.ticker, channel: e.channel });
    }
    return out;
  }

  /**
   * Counts one more consumer of each want and routes the new tickers (on `connection` if given).
   * Resolves true once every want is live on every connection routing put it on.
   */
  async want(wants: readonly Want[], connection: string | undefined): Promise<boolean> {
    const change = this.x.driver().wants.add(wants);
    const work: Promise<unknown>[] = [];
    if (change.added.length > 0) {
      // New connections authenticate first, so that the plan's subscribes are confirmed on them.
      if (this.x.o.autoScale) await Promise.all(this.x.connections.scale());
      const options = connection === undefined ? {} : { connection };
      const driver = this.x.driver();
      work.push(driver.adopt(addTickers(driver.assignment, change.added, options)));
    }
    for (const t of change.changed) work.push(this.x.driver().syncChannels(t));
    await Promise.all(work);
    if (!this.x.running()) return false;
    // Wants another consumer (or the universe) already asked for may still be on their way:
    // wait for the plans in flight, as the first consumer does, before answering.
    if (!this.x.driver().allLive(wants)) await this.x.driver().settled();
    return this.x.driver().allLive(wants);
  }

  /** Counts one consumer fewer of each want and unroutes the tickers no longer wanted. */
  async unwant(wants: readonly Want[]): Promise<boolean> {
    const driver = this.x.driver();
    const change = driver.wants.remove(wants);
    const work: Promise<unknown>[] = [];
    const now = this.x.clock.now();
    const gaps = this.x.gaps();
    for (const t of change.removed) {
      gaps.forget(t, now);
      driver.forget(t);
    }
    if (change.removed.length > 0) {
      const gone = change.removed;
      work.push(
        driver.adopt(removeTickers(driver.assignment, gone)).then(() => {
          // Acked: no more events of these tickers will come, so their dedup state can go.
          for (const t of gone) if (!this.x.driver().wants.has(t)) this.x.dedup.forget(t);
        }),
      );
    }
    for (const t of change.changed) work.push(driver.syncChannels(t));
    await Promise.all(work);
    return true;
  }
}
