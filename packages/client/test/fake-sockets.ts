import type { WebSocketConstructor, WebSocketLike } from '../src/index.js';

type Listener = (ev: never) => void;

/** A browser-style socket whose connection always fails (1006) on the next microtask. */
export function refusingSocket(): { Impl: WebSocketConstructor; created: () => number } {
  let created = 0;
  class Refusing implements WebSocketLike {
    readyState = 0;
    private readonly listeners = new Map<string, Listener[]>();
    constructor(_url: string) {
      created++;
      queueMicrotask(() => {
        this.readyState = 3;
        this.emit('error', {});
        this.emit('close', { code: 1006, reason: '' });
      });
    }
    addEventListener(type: string, fn: Listener): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
    }
    send(): void {}
    close(): void {}
    private emit(type: string, ev: object): void {
      for (const fn of this.listeners.get(type) ?? []) fn(ev as never);
    }
  }
  return { Impl: Refusing, created: () => created };
}

/** Lets pending microtasks (and promise continuations) run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
