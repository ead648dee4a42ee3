import { InvalidArgumentError, type TickData } from '@tickmux/core';
import type { GapReport } from '../service-source.js';
import { RedisBatchSink } from './redis-batch-sink.js';
import type { PipelineLike } from './redis-client.js';
import { nonEmpty, resolveRedisSinkOptions, type RedisSinkOptions } from './redis-sink-options.js';
import { encodeGap, encodeTick } from './tick-format.js';

export interface RedisPubSubSinkOptions extends RedisSinkOptions {
  /**
   * Channels every tick is published on, one message per tick per channel. Add
   * `'tickstock:market:ticks'` for the second channel some consumers read.
   * @default ['tickstock.data.raw']
   */
  channels?: readonly string[];
  /**
   * Channel for gap reports (`{"type":"gap",...}`), kept apart so that every message on the tick
   * channels is a tick; null publishes no gap reports. @default 'tickstock.data.gaps'
   */
  gapChannel?: string | null;
}

export const DEFAULT_REDIS_PUBSUB_OPTIONS = Object.freeze({
  name: 'redis-pubsub',
  channels: Object.freeze<readonly string[]>(['tickstock.data.raw']),
  gapChannel: 'tickstock.data.gaps',
});

/**
 * Publishes each tick, in the normalised format, with `PUBLISH` on each channel, pipelined in
 * batches. Buffers while Redis is down (bounded, overflow policy `drop-oldest` by default) and
 * sends the buffer when the connection is back. `published` counts ticks (and gap reports), not
 * messages: a tick on two channels counts once.
 */
export class RedisPubSubSink extends RedisBatchSink {
  readonly channels: readonly string[];
  readonly gapChannel: string | null;
  protected readonly commandsPerTick: number;
  protected readonly commandsPerGap: number;

  constructor(options: RedisPubSubSinkOptions = {}) {
    const d = DEFAULT_REDIS_PUBSUB_OPTIONS;
    const channels = options.channels ?? d.channels;
    const gapChannel = options.gapChannel === undefined ? d.gapChannel : options.gapChannel;
    if (!Array.isArray(channels) || channels.length === 0)
      throw new InvalidArgumentError('channels', channels, 'must list at least one channel');
    channels.forEach((ch, i) => nonEmpty(`channels[${i}]`, ch));
    if (gapChannel !== null) nonEmpty('gapChannel', gapChannel);
    super(resolveRedisSinkOptions(options, d.name));
    this.channels = [...new Set(channels)];
    this.gapChannel = gapChannel;
    this.commandsPerTick = this.channels.length;
    this.commandsPerGap = gapChannel === null ? 0 : 1;
  }

  protected appendTick(p: PipelineLike, tick: TickData): void {
    const message = encodeTick(tick);
    for (const ch of this.channels) p.publish(ch, message);
  }

  protected appendGap(p: PipelineLike, gap: GapReport): void {
    p.publish(this.gapChannel!, encodeGap(gap));
  }
}
