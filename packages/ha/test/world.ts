// A simulated world for the coordinator: one manual clock, a shared in-memory lease store (the
// "Redis"), processes that can crash, pause and be partitioned, and the vendor's account with
// kick-oldest and zombies. Everything runs on the manual clock; `run(ms)` advances it in steps
// and lets promise continuations settle between steps.
import { createManualClock, type Clock, type ManualClock, type TimerHandle } from '@tickmux/core';
import {
  LeaseCoordinator,
  MemoryLeaseStore,
  SlotGate,
  type AcquireRequest,
  type HeldLease,
  type LeaseCoordinatorOptions,
  type LeaseStore,
} from '../src/index.js';

export const flush = () => new Promise<void>((r) => setImmediate(r));

interface GatedHandle {
  inner: TimerHandle | undefined;
  cancelled: boolean;
}

/** A process: its timers run only while it is up; deferred while paused; never once dead. */
export class Proc {
  state: 'up' | 'paused' | 'dead' = 'up';
  /** Cut from the lease store (requests and answers are lost). */
  partitioned = false;
  /** One-way latency to the store, ms. */
  latencyMs = 0;
  private deferred: Array<() => void> = [];
  readonly clock: Clock;

  constructor(
    readonly name: string,
    base: ManualClock,
  ) {
    const schedule = (fn: () => void, ms: number, every: boolean): GatedHandle => {
      const h: GatedHandle = { inner: undefined, cancelled: false };
      const run = () => {
        if (h.cancelled || this.state === 'dead') return;
        if (this.state === 'paused') this.deferred.push(() => !h.cancelled && fn());
        else fn();
      };
      h.inner = every ? base.setInterval(run, ms) : base.setTimeout(run, ms);
      return h;
    };
    const cancel = (h: TimerHandle) => {
      const g = h as GatedHandle;
      g.cancelled = true;
      if (g.inner !== undefined) base.clearTimeout(g.inner);
    };
    this.clock = {
      now: () => base.now(),
      monotonic: () => base.monotonic(),
      setTimeout: (fn, ms) => schedule(fn, ms, false),
      clearTimeout: cancel,
      setInterval: (fn, ms) => schedule(fn, ms, true),
      clearInterval: cancel,
    };
  }

  kill(): void {
    this.state = 'dead';
    this.deferred = [];
  }

  pause(): void {
    if (this.state === 'up') this.state = 'paused';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'up';
    for (const fn of this.deferred.splice(0)) fn();
  }
}

/** The store as one process reaches it: latency, partitions, a paused Redis, a dead process. */
export class NetStore implements LeaseStore {
  constructor(
    private readonly world: World,
    private readonly proc: Proc,
  ) {}

  acquire(r: AcquireRequest) {
    return this.call(() => this.world.store.acquire(r));
  }
  renew(leaseMs: number, leases: readonly HeldLease[]) {
    return this.call(() => this.world.store.renew(leaseMs, leases));
  }
  release(l: HeldLease) {
    return this.call(() => this.world.store.release(l));
  }
  fenced(
    lease: { name: string; value: string },
    command: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ) {
    return this.call(() => this.world.store.fenced(lease, command, keys, args));
  }
  join(owner: string, ttlMs: number) {
    return this.call(() => this.world.store.join(owner, ttlMs));
  }
  leave(owner: string) {
    return this.call(() => this.world.store.leave(owner));
  }

  private call<T>(op: () => Promise<T>): Promise<T> {
    const { proc, world } = this;
    return new Promise<T>((resolve, reject) => {
      if (proc.partitioned || proc.state !== 'up') return;
      const deliver = () => {
        if (proc.partitioned) return;
        const execute = () => {
          op().then(
            (value) => {
              world.clock.setTimeout(() => {
                if (proc.partitioned) return;
                // The answer reaches the process through its own (gated) timers.
                proc.clock.setTimeout(() => resolve(value), 0);
              }, proc.latencyMs);
            },
            (err: unknown) =>
              proc.clock.setTimeout(
                () => reject(err instanceof Error ? err : new Error(String(err))),
                0,
              ),
          );
        };
        if (world.redisPaused) world.redisQueue.push(execute);
        else execute();
      };
      world.clock.setTimeout(deliver, proc.latencyMs);
    });
  }
}

/** How the vendor counts one account's sockets: kick-oldest, abandoned sockets held as zombies. */
export class Account {
  private nextId = 1;
  readonly sockets = new Map<number, { owner: string; slot: number; zombieUntil?: number }>();
  highWater = 0;
  kicked = 0;

  constructor(
    private readonly clock: ManualClock,
    readonly limit: number,
    readonly zombieMs: number,
  ) {}

  /** Counted sockets now (open and zombies). */
  count(): number {
    this.expire();
    return this.sockets.size;
  }

  open(owner: string, slot: number): number {
    this.expire();
    const id = this.nextId++;
    this.sockets.set(id, { owner, slot });
    this.highWater = Math.max(this.highWater, this.sockets.size);
    while (this.sockets.size > this.limit) {
      const oldest = Math.min(...this.sockets.keys());
      this.sockets.delete(oldest);
      this.kicked++;
    }
    return id;
  }

  close(id: number, clean: boolean, evenIfStalled = false): void {
    const s = this.sockets.get(id);
    if (s === undefined || (s.zombieUntil !== undefined && !evenIfStalled)) return;
    if (clean) this.sockets.delete(id);
    else s.zombieUntil = this.clock.now() + this.zombieMs;
  }

  /** The owner stopped reading (a paused process): the vendor drops the socket after zombieMs. */
  stall(id: number): void {
    const s = this.sockets.get(id);
    if (s !== undefined && s.zombieUntil === undefined)
      s.zombieUntil = this.clock.now() + this.zombieMs;
  }

  /** The owner reads again before the vendor dropped it. */
  unstall(id: number): void {
    this.expire();
    const s = this.sockets.get(id);
    if (s !== undefined) delete s.zombieUntil;
  }

  /** Sockets the owner holds open (not zombies), by slot. */
  openBy(owner: string): number[] {
    this.expire();
    return [...this.sockets.values()]
      .filter((s) => s.owner === owner && s.zombieUntil === undefined)
      .map((s) => s.slot);
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [id, s] of this.sockets) {
      if (s.zombieUntil !== undefined && s.zombieUntil <= now) this.sockets.delete(id);
    }
  }
}

export interface Instance {
  proc: Proc;
  net: NetStore;
  coordinator: LeaseCoordinator;
  gate: SlotGate;
  /** Open socket id per slot. */
  sockets: Map<number, number>;
  events: string[];
}

export class World {
  readonly clock = createManualClock(1_767_225_600_000);
  readonly store = new MemoryLeaseStore(this.clock);
  redisPaused = false;
  redisQueue: Array<() => void> = [];
  readonly instances: Instance[] = [];

  constructor(readonly account: Account = new Account(createManualClock(), 3, 30_000)) {}

  static withAccount(limit: number, zombieMs: number): World {
    const w = new World();
    (w as { account: Account }).account = new Account(w.clock, limit, zombieMs);
    return w;
  }

  pauseRedis(): void {
    this.redisPaused = true;
  }

  resumeRedis(): void {
    this.redisPaused = false;
    for (const fn of this.redisQueue.splice(0)) fn();
  }

  /**
   * Starts an instance whose sockets follow its slot leases through a SlotGate: a socket opens
   * when the gate grants the slot and closes (cleanly, unless `cleanClose` is false) on loss.
   */
  spawn(name: string, options: Partial<LeaseCoordinatorOptions> = {}, cleanClose = true): Instance {
    const proc = new Proc(name, this.clock);
    const net = new NetStore(this, proc);
    const coordinator = new LeaseCoordinator({
      instanceId: name,
      clock: proc.clock,
      ...options,
      store: options.store ?? net,
    });
    const gate = new SlotGate(coordinator);
    const inst: Instance = { proc, net, coordinator, gate, sockets: new Map(), events: [] };
    coordinator.on('acquired', (slot, lease) => {
      inst.events.push(`acquired ${slot} ${lease.token}`);
      void gate.acquire(slot).then((ticket) => {
        // Check before acting: a process may act only while its lease is valid.
        if (!ticket.valid() || proc.state !== 'up' || inst.sockets.has(slot)) return;
        inst.sockets.set(slot, this.account.open(coordinator.owner, slot));
        ticket.signal.addEventListener('abort', () => {
          const id = inst.sockets.get(slot);
          if (id === undefined || proc.state !== 'up') return;
          inst.sockets.delete(slot);
          this.account.close(id, cleanClose);
          ticket.socketClosed({ wasClean: cleanClose, abandoned: !cleanClose });
        });
      });
    });
    coordinator.on('lost', (slot, reason) => inst.events.push(`lost ${slot} ${reason}`));
    coordinator.on('leaderless', ({ from, to }) => inst.events.push(`leaderless ${from} ${to}`));
    coordinator.on('uncovered', (slot, { from, to }) =>
      inst.events.push(`uncovered ${slot} ${from} ${to}`),
    );
    coordinator.start();
    this.instances.push(inst);
    return inst;
  }

  /** The process dies: no more timers, no close handshakes; its open sockets become zombies. */
  kill(inst: Instance): void {
    inst.proc.kill();
    for (const id of inst.sockets.values()) this.account.close(id, false);
    inst.sockets.clear();
  }

  /** The process stops (SIGSTOP, a long GC): no timers run; its sockets stall on the vendor. */
  pause(inst: Instance): void {
    inst.proc.pause();
    for (const id of inst.sockets.values()) this.account.stall(id);
  }

  /**
   * The process runs again. Its sockets still under a valid lease read again; the others it
   * closes at once with a close handshake (the vendor connection is healthy: only the process
   * stood still), before doing anything else.
   */
  resume(inst: Instance): void {
    for (const [slot, id] of [...inst.sockets]) {
      if (inst.coordinator.holds(slot)) this.account.unstall(id);
      else {
        this.account.close(id, true, true);
        inst.sockets.delete(slot);
        inst.coordinator.socketClosed(slot, { wasClean: true, abandoned: false });
      }
    }
    inst.proc.resume();
  }

  /** Advances time by `ms` in `step` ms steps, letting promises settle after each. */
  async run(ms: number, step = 5, check?: () => void): Promise<void> {
    for (let t = 0; t < ms; t += step) {
      this.clock.advance(Math.min(step, ms - t));
      await flush(); // microtasks drain before it: every continuation of this step has run
      check?.();
    }
  }
}
