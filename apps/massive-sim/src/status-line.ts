import type { Sim } from './start-sim.js';

/** A one-line live status on a TTY: connections, subscriptions, events/s. Redrawn every second. */
export function startStatusLine(sim: Sim, out: NodeJS.WriteStream): { stop(): void } {
  const draw = () => {
    const s = sim.control.stats();
    const line = `connections ${s.authenticated}/${s.connections}  subscriptions ${s.subscriptions}  events/s ${s.eventsPerSecond.toLocaleString('en-US')}  sent ${s.eventsSent.toLocaleString('en-US')}`;
    out.write(`\r\x1b[2K${line}`);
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      out.write('\n');
    },
  };
}
