import type { ClientStats } from '@tickmux/client';
import type { TickData } from '@tickmux/core';

/** What the console shows once a second: the connection, the rate, the last prices. */
export class LiveView {
  private readonly last = new Map<string, number>();
  private prev = { at: 0, ticks: 0 };
  ticks = 0;

  constructor(private readonly watch: readonly string[]) {}

  onTick(tick: TickData): void {
    this.ticks++;
    if (tick.event_type === 'trade') this.last.set(tick.ticker, tick.price);
  }

  /** One status line; `now` in ms. */
  line(stats: ClientStats, now: number): string {
    const seconds = this.prev.at === 0 ? 1 : (now - this.prev.at) / 1000;
    const rate = Math.round((this.ticks - this.prev.ticks) / seconds);
    this.prev = { at: now, ticks: this.ticks };
    const e = stats.events;
    const prices = this.watch
      .slice(0, 6)
      .map((t) => `${t} ${this.last.get(t)?.toFixed(2) ?? '-'}`)
      .join('  ');
    return `${stats.state.padEnd(12)} topics ${stats.confirmedTopics}/${stats.topics}  ticks/s ${rate.toLocaleString('en-US').padStart(7)}  T ${e.T} Q ${e.Q} AM ${e.AM}  reconnects ${stats.reconnects}  | ${prices}`;
  }
}
