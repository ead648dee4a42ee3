/** The channels the market model generates, in slot order. */
export const MODEL_CHANNELS = ['T', 'Q', 'A', 'AM', 'LULD', 'NOI'] as const;
export type ModelChannel = (typeof MODEL_CHANNELS)[number];

/** Most channels one source may carry (each is a bit in a 16-bit subscription mask). */
export const MAX_CHANNELS = 16;

/**
 * The channels of one event source (the market model's, or those found in a recording), each with
 * a dense index: the index picks the subscription bit and the ground-truth slot.
 */
export class ChannelTable {
  private readonly byName = new Map<string, number>();

  constructor(readonly names: readonly string[]) {
    if (names.length > MAX_CHANNELS)
      throw new RangeError(`at most ${MAX_CHANNELS} channels (got ${names.length})`);
    names.forEach((n, i) => this.byName.set(n, i));
  }

  get size(): number {
    return this.names.length;
  }

  /** The channel's index, or undefined when this source never carries it. */
  index(name: string): number | undefined {
    return this.byName.get(name);
  }
}
