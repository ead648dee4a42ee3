import { EventEmitter } from 'node:events';
import type { PipelineLike, RedisLike } from '../src/index.js';

type Reply = [Error | null, unknown];

interface HeldExec {
  commands: string[][];
  resolve: (r: Reply[]) => void;
}

/**
 * A Redis connection and server in one, for unit tests of the sinks' buffering: connects when the
 * server is up, runs pipelines (recording every command it ran), and can hold answers, crash
 * (unanswered commands fail with "Connection is closed."), refuse commands, or stay down.
 */
export class FakeRedis extends EventEmitter implements RedisLike {
  serverUp = true;
  /** Hold exec answers until `answer()` or `crash()`. */
  hold = false;
  /** Commands the server ran, in order. */
  readonly ran: string[][] = [];
  readonly held: HeldExec[] = [];
  /** Answer commands whose first argument is in this set with a ReplyError. */
  readonly refuse = new Set<string>();
  connects = 0;
  quits = 0;
  disconnects = 0;
  pipelines = 0;
  private connected = false;

  connect(): Promise<void> {
    this.connects++;
    if (!this.serverUp) {
      queueMicrotask(() => {
        this.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
        this.emit('close');
        this.emit('end');
      });
      return Promise.reject(new Error('Connection is closed.'));
    }
    queueMicrotask(() => {
      this.connected = true;
      this.emit('ready');
    });
    return Promise.resolve();
  }

  pipeline(): PipelineLike {
    this.pipelines++;
    const commands: string[][] = [];
    const p = {
      publish: (ch: string, msg: string) => (commands.push(['publish', ch, msg]), p),
      xadd: (key: string, ...args: (string | number)[]) => (
        commands.push(['xadd', key, ...args.map(String)]),
        p
      ),
      exec: () =>
        new Promise<Reply[]>((resolve) => {
          if (!this.connected) return resolve(commands.map(() => [closed(), null]));
          if (this.hold) this.held.push({ commands, resolve });
          else resolve(this.run(commands));
        }),
    };
    return p;
  }

  /** Answers the held pipelines; the first `upTo` commands in all run, the rest fail as closed. */
  answer(upTo = Infinity): void {
    let budget = upTo;
    for (const h of this.held.splice(0)) {
      const ok = h.commands.slice(0, Math.max(0, budget));
      budget -= ok.length;
      h.resolve([
        ...this.run(ok),
        ...h.commands.slice(ok.length).map((): Reply => [closed(), null]),
      ]);
    }
  }

  /** The server dies: held pipelines fail, the connection closes and ends. */
  crash(): void {
    this.serverUp = false;
    this.drop();
  }

  quit(): Promise<unknown> {
    this.quits++;
    this.drop();
    return Promise.resolve('OK');
  }

  disconnect(): void {
    this.disconnects++;
    this.drop();
  }

  private drop(): void {
    for (const h of this.held.splice(0)) h.resolve(h.commands.map(() => [closed(), null]));
    if (!this.connected) return;
    this.connected = false;
    this.emit('close');
    this.emit('end');
  }

  private run(commands: string[][]): Reply[] {
    return commands.map((c) => {
      if (this.refuse.has(c[1]!)) {
        const err = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
        err.name = 'ReplyError';
        return [err, null];
      }
      this.ran.push(c);
      return [null, 1];
    });
  }
}

function closed(): Error {
  return new Error('Connection is closed.');
}
