import type { Clock, TickmuxError, TimerHandle } from '@tickmux/core';
import { DataSilenceError, HeartbeatTimeoutError } from './errors.js';
import { OneShot } from './one-shot.js';

/** Liveness settings (see MassiveClientOptions). */
export interface LivenessOptions {
  clock: Clock;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  dataSilenceMs: number;
}

/** What the watchdog asks of the connection it watches. */
export interface LivenessHooks {
  /** Sends a ping; false when the socket cannot (a browser-style WebSocket). */
  ping(): boolean;
  /** The socket is dead (an unanswered ping) or silent (no data): replace it. */
  dead(err: TickmuxError): void;
  /** Whether any topic is wanted (the data-silence watchdog only runs then). */
  subscribed(): boolean;
}

/**
 * Watches one authenticated connection.
 *
 * - Heartbeat: a ping every `heartbeatIntervalMs`, on its own schedule. The socket is declared
 *   dead only when a ping went unanswered: nothing (no pong, no frame) arrived within
 *   `heartbeatTimeoutMs` after it. A quiet socket that answers pings lives for ever. A socket
 *   that cannot ping (browser API) never earns a pong, so the heartbeat does not judge it.
 * - Data silence (opt-in, `dataSilenceMs`): subscribed but no data event for that long.
 * - While reading is paused (backpressure) neither runs: a paused socket reads no pongs.
 *
 * The per-frame cost is storing a timestamp.
 */
export class Liveness {
  /** Monotonic ms of the last frame or pong. */
  lastActivity = 0;
  /** Monotonic ms of the last data event (or subscription sent). */
  lastData = 0;
  private lastPing = 0;
  /** When the oldest ping still unanswered went out; null when none is outstanding. */
  private waitingSince: number | null = null;
  private pingTimer: TimerHandle | undefined;
  private silenceTimer: TimerHandle | undefined;
  private readonly deadline: OneShot;
  private suspended = false;

  constructor(
    private readonly o: LivenessOptions,
    private readonly hooks: LivenessHooks,
  ) {
    this.deadline = new OneShot(o.clock);
  }

  start(): void {
    this.stop();
    const { clock, heartbeatIntervalMs, dataSilenceMs } = this.o;
    const now = clock.monotonic();
    this.lastActivity = now;
    this.lastData = now;
    this.suspended = false;
    if (heartbeatIntervalMs > 0)
      this.pingTimer = clock.setInterval(() => this.ping(), heartbeatIntervalMs);
    if (dataSilenceMs > 0)
      this.silenceTimer = clock.setInterval(
        () => this.checkData(),
        Math.max(10, dataSilenceMs / 2),
      );
  }

  stop(): void {
    const { clock } = this.o;
    if (this.pingTimer !== undefined) clock.clearInterval(this.pingTimer);
    if (this.silenceTimer !== undefined) clock.clearInterval(this.silenceTimer);
    this.pingTimer = undefined;
    this.silenceTimer = undefined;
    this.deadline.clear();
    this.waitingSince = null;
  }

  /** Reading is paused: pongs cannot be read, so nothing is judged until `resume()`. */
  suspend(): void {
    this.suspended = true;
    this.deadline.clear();
    this.waitingSince = null;
  }

  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    const now = this.o.clock.monotonic();
    this.lastActivity = now;
    this.lastData = now;
  }

  private ping(): void {
    if (this.suspended || !this.hooks.ping()) return;
    const now = this.o.clock.monotonic();
    this.lastPing = now;
    if (this.waitingSince !== null && this.lastActivity >= this.waitingSince)
      this.waitingSince = null;
    if (this.waitingSince === null && this.o.heartbeatTimeoutMs > 0) {
      this.waitingSince = now;
      this.deadline.set(this.o.heartbeatTimeoutMs, () => this.expire());
    }
  }

  /** The oldest outstanding ping's time is up: answered since, or dead. */
  private expire(): void {
    const since = this.waitingSince;
    if (since === null || this.suspended) return;
    const now = this.o.clock.monotonic();
    if (this.lastActivity >= since) {
      // Answered. A later ping may still be outstanding: its own deadline runs from its send.
      if (this.lastActivity >= this.lastPing) this.waitingSince = null;
      else {
        this.waitingSince = this.lastPing;
        this.deadline.set(this.lastPing + this.o.heartbeatTimeoutMs - now, () => this.expire());
      }
      return;
    }
    this.stop();
    this.hooks.dead(new HeartbeatTimeoutError(Math.round(now - this.lastActivity)));
  }

  private checkData(): void {
    if (this.suspended || !this.hooks.subscribed()) return;
    const quiet = this.o.clock.monotonic() - this.lastData;
    if (quiet < this.o.dataSilenceMs) return;
    this.stop();
    this.hooks.dead(new DataSilenceError(Math.round(quiet)));
  }
}
