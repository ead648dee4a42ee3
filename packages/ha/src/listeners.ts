import type { Logger } from '@tickmux/core';

/** A small typed listener registry; a throwing listener is logged and never breaks the caller. */
export class Listeners<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly map = new Map<keyof Events, Set<(...args: never[]) => void>>();

  constructor(private readonly logger: Logger) {}

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.map.get(event);
    if (set === undefined) this.map.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.map.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (err) {
        this.logger.error({ event: String(event), err }, 'ha listener threw');
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}
