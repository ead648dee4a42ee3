import { alternate, rateOver, round, type Bench, type ChartSpec } from '../harness.js';
import { LatencyRecorder, sinceUs } from '../latency.js';
import { openBareReader, openMassiveClient, readerRate } from '../readers.js';
import { startReplayProcess, startSimProcess } from '../sim-process.js';

/** The fixed rate latency is measured at: below what one reader can take, so queues stay empty. */
export const LATENCY_RATE = 20_000;

/** Sim arguments for a steady `rate` events/s with the bench stamp, in frames of a few events. */
export function latencySimArgs(rate: number): string[] {
  return ['--symbols', '500', '--rate', String(rate), '--tick-ms', '1', '--bench-stamp'];
}

/** What {@link clientLatency} measured over its window. */
export interface ClientLatency {
  /** Every event's sim-send → onTick latency after the warm-up (an HDR histogram, µs). */
  recorder: LatencyRecorder;
  /** Events/s the client received over the window. */
  eventsPerS: number;
  /** CPU time this process spent per event over the window (user + system, ns). */
  cpuNsPerEvent: number;
}

/**
 * Sim-send → onTick latency of one MassiveClient on a sim process sending `rate` events/s with
 * the bench stamp: every event after the warm-up is recorded (no sampling), with the CPU this
 * process spent per event (the sim runs in its own process, so that is the reader's cost).
 */
export async function clientLatency(
  rate: number,
  warmupMs: number,
  measureMs: number,
): Promise<ClientLatency> {
  const server = await startSimProcess(latencySimArgs(rate));
  const recorder = new LatencyRecorder();
  let recording = false;
  let events = 0;
  try {
    const reader = await openMassiveClient(server.url, ['*'], {
      onTick: (_tick, event) => {
        events++;
        const sent = (event as { sim_sent_ms?: unknown }).sim_sent_ms;
        if (recording && typeof sent === 'number') recorder.record(sinceUs(sent));
      },
    });
    try {
      await new Promise((r) => setTimeout(r, warmupMs));
      recording = true;
      const cpu0 = process.cpuUsage();
      const e0 = events;
      const eventsPerS = await rateOver(() => events, 0, measureMs);
      const cpu = process.cpuUsage(cpu0);
      const received = events - e0;
      recording = false;
      const cpuNsPerEvent = received > 0 ? ((cpu.user + cpu.system) * 1000) / received : Number.NaN;
      return { recorder, eventsPerS, cpuNsPerEvent };
    } finally {
      await reader.close();
    }
  } finally {
    await server.stop();
  }
}

/**
 * MassiveClient (decode, validate, normalise to ticks, onTick per event) against a bare `ws` +
 * `JSON.parse` reader, on the same stream in the same run: a replay process sends pre-built
 * frames of 100 mixed events faster than either can read, so the figures measure the readers.
 * Rounds alternate between the two; each figure is the median of its rounds. Then latency at a
 * fixed 20k events/s from the sim's bench stamp, as a CDF.
 */
export const clientBench: Bench = {
  name: 'client',
  description:
    'MassiveClient vs a bare ws + JSON.parse reader on one replayed stream; latency at 20k ev/s',
  async run({ quick }) {
    const rounds = quick ? 3 : 7;
    const warmupMs = quick ? 400 : 1_000;
    const measureMs = quick ? 1_000 : 3_000;
    const server = await startReplayProcess();
    let rates;
    try {
      rates = await alternate(
        [
          {
            name: 'client',
            measure: () => readerRate(() => openMassiveClient(server.url), warmupMs, measureMs),
          },
          {
            name: 'bare',
            measure: () => readerRate(() => openBareReader(server.url), warmupMs, measureMs),
          },
        ],
        rounds,
      );
    } finally {
      await server.stop();
    }
    const c = rates.get('client')!;
    const b = rates.get('bare')!;
    const lat = await clientLatency(LATENCY_RATE, quick ? 700 : 2_000, quick ? 2_500 : 10_000);
    const us = (q: number) => round(lat.recorder.quantile(q));
    const show = (xs: number[]) => xs.map((x) => round(x)).join(' ');
    const chart: ChartSpec = {
      file: 'latency-cdf',
      title: `Sim send → onTick latency at ${LATENCY_RATE.toLocaleString('en-US')} events/s (CDF)`,
      xLabel: 'latency (µs, log)',
      yLabel: 'events at or below (%)',
      xLog: true,
      series: [{ name: 'MassiveClient (one connection)', points: lat.recorder.cdf() }],
    };
    return {
      table: [
        {
          reader: 'MassiveClient (onTick per event)',
          'events/s': round(c.median),
          rounds: show(c.samples),
        },
        {
          reader: 'bare ws + JSON.parse (baseline)',
          'events/s': round(b.median),
          rounds: show(b.samples),
        },
      ],
      charts: [chart],
      summary: {
        bench: 'client',
        events_per_s: round(c.median),
        bare_ws_events_per_s: round(b.median),
        vs_bare_ws: round(c.median / b.median, 3),
        latency_events_per_s: round(lat.eventsPerS),
        latency_samples: lat.recorder.count,
        p50_us: us(0.5),
        p99_us: us(0.99),
        p999_us: us(0.999),
      },
    };
  },
};
