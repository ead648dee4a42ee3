import type { TickmuxError } from '@tickmux/core';
import { RetriesExhaustedError, SocketGateError } from './errors.js';
import type { ClientState, StateChangeCause, StateChangeReason } from './lifecycle.js';
import { OneShot } from './one-shot.js';
import { RetryBudget } from './retry-budget.js';
import { SharedOutcome } from './shared-outcome.js';
import { passGate } from './socket-record.js';
import { Wire, type ClientContext } from './wire.js';

/**
 * The client's lifecycle: connect, the retry loop (socket gate, backoff, retry budget per outage,
 * circuit breaker), giving up, and disconnect, over a {@link Wire} that holds at most one socket.
 * Every change is finished before the callbacks it causes are queued.
 */
export class Connection {
  readonly retries: RetryBudget;
  readonly wire: Wire;
  readonly #x: ClientContext;
  readonly #retryTimer: OneShot;
  readonly #outcome = new SharedOutcome();
  #state: ClientState = 'idle';
  #lastError: TickmuxError | undefined;
  /** Bumped by disconnect() and by giving up: attempts (and gates) of an older session stop. */
  #session = 0;
  #wantOpen = false;
  #gateAbort: AbortController | undefined;

  constructor(x: ClientContext) {
    this.#x = x;
    this.retries = new RetryBudget(x.o);
    this.#retryTimer = new OneShot(x.o.clock);
    this.wire = new Wire(x, {
      state: () => this.#state,
      setState: (next, reason) => this.#setState(next, reason),
      authenticated: () => {
        if (this.retries.authenticated()) x.counters.reconnects++;
        this.#outcome.settle(true);
      },
      stable: () => this.retries.stable(),
      lost: (err, closeCode, upMs) => this.#afterFailure(err, { closeCode, upMs }),
      failedToOpen: (err) => this.#afterFailure(err, {}),
      fatal: (err) => this.#fail(err),
      explained: (err) => void (this.#lastError = err),
    });
  }

  get state(): ClientState {
    return this.#state;
  }

  get lastError(): TickmuxError | undefined {
    return this.#lastError;
  }

  connect(): Promise<boolean> {
    if (this.#state === 'connected') return Promise.resolve(true);
    const pending = this.#outcome.pending;
    if (pending !== undefined) return pending;
    const fresh = !this.#wantOpen;
    this.#wantOpen = true;
    const outcome = this.#outcome.wait();
    if (fresh) {
      this.retries.reset();
      this.#lastError = undefined;
      void this.#attempt('connect');
    }
    return outcome;
  }

  /**
   * Ends the session now (state `closed`, no attempt, gate or timer left) and closes the socket
   * (1000; cut off after 1 s without a close handshake). Resolves once it has closed.
   */
  async disconnect(): Promise<void> {
    this.#stop();
    const released = this.wire.release('client disconnect');
    if (this.#state !== 'closed') this.#setState('closed', { cause: 'disconnect' });
    await released;
  }

  async #attempt(cause: StateChangeCause): Promise<void> {
    const session = this.#session;
    const stale = () => session !== this.#session || !this.#wantOpen;
    const previous = this.wire.closed;
    if (previous !== undefined) await previous; // never two sockets at once
    if (stale() || this.wire.busy) return;
    const wait = this.retries.breaker.msUntilAllowed();
    const attempt = this.retries.failures;
    if (wait > 0) return this.#schedule(wait, { cause: 'circuit-open', attempt });
    this.#x.counters.attempts++;
    this.#setState('connecting', { cause, attempt: attempt + 1 });
    this.#x.callbacks.flush();
    const gate = this.#x.o.socketGate;
    if (gate !== undefined && !stale()) {
      const gated = await passGate(gate, (abort) => {
        if (session === this.#session) this.#gateAbort = abort;
      });
      if (!stale() && gated !== undefined)
        return this.#afterFailure(new SocketGateError(gated.rejected), { server: false });
    }
    if (stale()) return;
    this.wire.open();
    this.#x.callbacks.flush();
  }

  /** An attempt failed or a connection was lost: retry after a wait, or give up. */
  #afterFailure(
    err: TickmuxError,
    ctx: { closeCode?: number; upMs?: number; server?: false },
  ): void {
    this.#lastError = err;
    const decision = this.retries.failed(err, ctx.upMs ?? 0, ctx.server !== false);
    const failures = this.retries.failures;
    const closeCode = ctx.closeCode === undefined ? {} : { closeCode: ctx.closeCode };
    if (!decision.retry) return this.#fail(new RetriesExhaustedError(failures, err), closeCode);
    const reason = { cause: 'failure', error: err, ...closeCode, attempt: failures } as const;
    this.#schedule(decision.delayMs, reason);
  }

  #schedule(delayMs: number, reason: StateChangeReason): void {
    this.#setState('reconnecting', { ...reason, delayMs });
    this.#retryTimer.set(delayMs, () => void this.#attempt('retry'));
    this.#x.callbacks.flush();
  }

  /** Gives up for good (until `connect()` is called again). */
  #fail(err: TickmuxError, extra: { closeCode?: number } = {}): void {
    this.#stop();
    void this.wire.release('giving up', err);
    this.#lastError = err;
    this.#x.o.logger.error({ code: err.code, message: err.message }, 'giving up');
    this.#setState('failed', { cause: 'failure', error: err, ...extra });
    this.#x.gaveUp();
  }

  /** Ends the session: no more attempts, gates or retries; a pending `connect()` resolves false. */
  #stop(): void {
    this.#wantOpen = false;
    this.#session++;
    this.#gateAbort?.abort();
    this.#gateAbort = undefined;
    this.#retryTimer.clear();
    this.#outcome.settle(false);
  }

  #setState(next: ClientState, reason: StateChangeReason): void {
    const previous = this.#state;
    this.#state = next;
    const { logger, onStateChange } = this.#x.o;
    logger.info({ state: next, previous, cause: reason.cause, code: reason.error?.code }, 'state');
    if (onStateChange !== undefined)
      this.#x.callbacks.push('onStateChange', () => onStateChange(next, previous, reason));
  }
}
