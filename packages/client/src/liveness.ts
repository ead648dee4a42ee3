import type { Clock, TickmuxError, TimerHandle } from '@tickmux/core';
import { DataSilenceError, HeartbeatTimeoutError } from './errors.js';

/** Liveness settings (see MassiveClientOptions). */
export interface LivenessOptions {
  clock: Clock;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  dataSilenceMs: number;
}

/** What the watchdog asks of the connection it watches. */
export interface LivenessHooks {
  ping(): void;
  /** The socket is dead (heartbeat) or silent (data): replace it. */
  dead(err: TickmuxError): void;
  /** A healthy check, for the circuit breaker's half-open successes. */
  healthy(): void;
  /** Whether any topic is wanted (the data-silence watchdog only runs then). */
  subscribed(): boolean;
}

/**
 * Watches one connection: pings on an interval, declares it dead when no frame or pong arrived
 * for the heartbeat timeout (any frame counts as life), and, when enabled, declares it silent
 * when subscribed but no data arrived for the data-silence timeout. One timer, checked on the
 * shortest useful period; the per-frame cost is storing a timestamp.
 */
export class Liveness {
  lastActivity = 0;
  lastData = 0;
  private lastPing = 0;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly o: LivenessOptions,
    private readonly hooks: LivenessHooks,
  ) {}

  start(): void {
    this.stop();
    const now = this.o.clock.monotonic();
    this.lastActivity = now;
    this.lastData = now;
    this.lastPing = now;
    const { heartbeatIntervalMs, heartbeatTimeoutMs, dataSilenceMs } = this.o;
    const periods = [heartbeatIntervalMs, heartbeatTimeoutMs / 2, dataSilenceMs / 2].filter(
      (p) => p > 0,
    );
    if (periods.length === 0) return;
    this.timer = this.o.clock.setInterval(() => this.check(), Math.max(10, Math.min(...periods)));
  }

  stop(): void {
    if (this.timer !== undefined) this.o.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const { heartbeatIntervalMs, heartbeatTimeoutMs, dataSilenceMs, clock } = this.o;
    const now = clock.monotonic();
    const silent = now - this.lastActivity;
    if (heartbeatTimeoutMs > 0 && silent >= heartbeatTimeoutMs) {
      this.stop();
      return this.hooks.dead(new HeartbeatTimeoutError(Math.round(silent)));
    }
    const quiet = now - this.lastData;
    if (dataSilenceMs > 0 && this.hooks.subscribed() && quiet >= dataSilenceMs) {
      this.stop();
      return this.hooks.dead(new DataSilenceError(Math.round(quiet)));
    }
    if (heartbeatIntervalMs === 0 || silent < heartbeatIntervalMs) this.hooks.healthy();
    if (heartbeatIntervalMs > 0 && now - this.lastPing >= heartbeatIntervalMs) {
      this.lastPing = now;
      this.hooks.ping();
    }
  }
}
