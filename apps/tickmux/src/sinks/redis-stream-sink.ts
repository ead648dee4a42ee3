import { InvalidArgumentError, type TickData } from '@tickmux/core';
import type { GapReport } from '../service-source.js';
import { RedisBatchSink } from './redis-batch-sink.js';
import type { PipelineLike } from './redis-client.js';
import { nonEmpty, resolveRedisSinkOptions, type RedisSinkOptions } from './redis-sink-options.js';
import { encodeGap, encodeTick } from './tick-format.js';

export interface RedisStreamSinkOptions extends RedisSinkOptions {
  /** The stream's key. @default 'tickstock:stream:raw' */
  key?: string;
  /**
   * Retention: `XADD key MAXLEN ~ maxLen`, so Redis trims the oldest entries in whole nodes
   * (slightly more than `maxLen` may stay). A consumer that falls further behind loses the
   * trimmed entries. @default 1000000
   */
  maxLen?: number;
}

export const DEFAULT_REDIS_STREAM_OPTIONS = Object.freeze({
  name: 'redis-stream',
  key: 'tickstock:stream:raw',
  maxLen: 1_000_000,
});

/**
 * The durable option: one stream entry per tick, `XADD key MAXLEN ~ n * type tick data <json>`,
 * and per gap report `type gap data <json>`, in the same stream, so one consumer group sees both
 * (a gap report goes ahead of ticks still buffered; its `from`/`to` place it in time). Consumers
 * on other machines read with consumer groups (`XREADGROUP`) and resume after a restart from
 * their pending entries, without loss inside the retention. Buffering, overflow and counters as
 * for every Redis sink.
 */
export class RedisStreamSink extends RedisBatchSink {
  readonly key: string;
  readonly maxLen: number;
  protected readonly commandsPerTick = 1;
  protected readonly commandsPerGap = 1;
  private readonly maxLenArg: string;

  constructor(options: RedisStreamSinkOptions = {}) {
    const d = DEFAULT_REDIS_STREAM_OPTIONS;
    const key = options.key ?? d.key;
    const maxLen = options.maxLen ?? d.maxLen;
    nonEmpty('key', key);
    if (!Number.isInteger(maxLen) || maxLen < 1)
      throw new InvalidArgumentError('maxLen', maxLen, 'must be an integer >= 1');
    super(resolveRedisSinkOptions(options, d.name));
    this.key = key;
    this.maxLen = maxLen;
    this.maxLenArg = String(maxLen);
  }

  protected appendTick(p: PipelineLike, tick: TickData): void {
    p.xadd(this.key, 'MAXLEN', '~', this.maxLenArg, '*', 'type', 'tick', 'data', encodeTick(tick));
  }

  protected appendGap(p: PipelineLike, gap: GapReport): void {
    p.xadd(this.key, 'MAXLEN', '~', this.maxLenArg, '*', 'type', 'gap', 'data', encodeGap(gap));
  }
}
