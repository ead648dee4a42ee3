/**
 * A bounded set of the most recent string keys: `add` tells whether a key is new, and the oldest
 * key is forgotten once `capacity` are held. For events without a sequence number, keyed by their
 * content (`eventKey` of @tickmux/core).
 */
export class RecentKeys {
  private readonly keys = new Set<string>();
  private readonly order: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.order = new Array<string | undefined>(capacity);
  }

  /** True when `key` was not among the recent keys (it is now). */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    const old = this.order[this.next];
    if (old !== undefined) this.keys.delete(old);
    this.order[this.next] = key;
    this.next = (this.next + 1) % this.capacity;
    this.keys.add(key);
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}
