import { addTickers, assign, failConnection, type Plan } from '@tickmux/routing';
import { describe, expect, it } from 'vitest';
import { applyPlan, LiveTopics, Wants, type PlanTarget } from '../src/index.js';
import { flush } from './helpers.js';

/** A target whose subscribes resolve only when the test says so, recording every call. */
function target(canRemove: (ticker: string, connection: string) => boolean = () => true) {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  const t: PlanTarget = {
    subscribe: (c, tickers) => {
      calls.push(`sub ${c} ${tickers.join(',')}`);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    unsubscribe: (c, tickers) => {
      calls.push(`unsub ${c} ${tickers.join(',')}`);
      return Promise.resolve();
    },
    canRemove,
  };
  return { t, calls, confirm: () => pending.splice(0).forEach((r) => r()) };
}

const move = (phases: Plan['phases']): Pick<Plan, 'phases'> => ({ phases });

describe('applyPlan', () => {
  it('sends a phase’s unsubscribes only after its subscribes are confirmed', async () => {
    const { t, calls, confirm } = target();
    const done = applyPlan(
      move([
        {
          subscribe: new Map([['b', ['AAPL']]]),
          unsubscribe: new Map([['a', ['AAPL']]]),
        },
      ]),
      t,
    );
    await flush();
    expect(calls).toEqual(['sub b AAPL']);
    confirm();
    expect(await done).toEqual({ subscribed: 1, unsubscribed: 1, deferred: [] });
    expect(calls).toEqual(['sub b AAPL', 'unsub a AAPL']);
  });

  it('keeps a ticker where it is when its new copy is not confirmed (deferred, never uncovered)', async () => {
    const { t, calls, confirm } = target((ticker) => ticker !== 'MSFT');
    const done = applyPlan(
      move([
        {
          subscribe: new Map([['b', ['AAPL', 'MSFT']]]),
          unsubscribe: new Map([['a', ['AAPL', 'MSFT']]]),
        },
      ]),
      t,
    );
    await flush();
    confirm();
    expect((await done).deferred).toEqual([{ ticker: 'MSFT', connection: 'a' }]);
    expect(calls).toEqual(['sub b AAPL,MSFT', 'unsub a AAPL']);
  });

  it('applies phases in order, each finished before the next', async () => {
    const { t, calls, confirm } = target();
    const done = applyPlan(
      move([
        { subscribe: new Map([['b', ['X']]]), unsubscribe: new Map([['a', ['X']]]) },
        { subscribe: new Map([['a', ['Y']]]), unsubscribe: new Map([['b', ['Y']]]) },
      ]),
      t,
    );
    await flush();
    expect(calls).toEqual(['sub b X']);
    confirm();
    await flush();
    expect(calls).toEqual(['sub b X', 'unsub a X', 'sub a Y']);
    confirm();
    await done;
    expect(calls.at(-1)).toBe('unsub b Y');
  });

  it('applies a routing failover: orphans subscribed on survivors, nothing sent to the dead connection', async () => {
    const a = assign('least-loaded', {
      tickers: ['AAPL', 'MSFT', 'NVDA', 'AMZN'],
      connections: ['c1', 'c2'],
    });
    const change = failConnection(a, 'c1');
    const { t, calls, confirm } = target();
    const done = applyPlan(change.plan, t);
    await flush();
    confirm();
    await done;
    expect(calls).toEqual([`sub c2 ${a.tickersOn('c1').join(',')}`]);
    const added = addTickers(change.assignment, ['META']);
    expect(added.plan.phases).toHaveLength(1);
  });
});

describe('Wants', () => {
  it('counts consumers per topic: a ticker leaves when its last channel is let go', () => {
    const w = new Wants();
    expect(w.add([{ ticker: 'AAPL', channel: 'T' }])).toEqual({
      added: ['AAPL'],
      removed: [],
      changed: [],
    });
    expect(
      w.add([
        { ticker: 'AAPL', channel: 'T' },
        { ticker: 'AAPL', channel: 'Q' },
      ]),
    ).toEqual({
      added: [],
      removed: [],
      changed: ['AAPL'],
    });
    expect(w.remove([{ ticker: 'AAPL', channel: 'T' }]).removed).toEqual([]);
    expect(w.channels('AAPL')).toEqual(['T', 'Q']);
    expect(w.remove([{ ticker: 'AAPL', channel: 'T' }]).changed).toEqual(['AAPL']);
    expect(w.remove([{ ticker: 'AAPL', channel: 'Q' }]).removed).toEqual(['AAPL']);
    expect(w.has('AAPL')).toBe(false);
  });
});

describe('LiveTopics', () => {
  it('knows whether a ticker is live on another connection on every channel asked', () => {
    const l = new LiveTopics();
    l.confirm('a', 'AAPL', 'T');
    l.confirm('b', 'AAPL', 'T');
    expect(l.liveElsewhere('AAPL', 'a', ['T'])).toBe(true);
    expect(l.liveElsewhere('AAPL', 'a', ['T', 'Q'])).toBe(false);
    l.clear('b');
    expect(l.liveElsewhere('AAPL', 'a', ['T'])).toBe(false);
    expect(l.drop('a', 'AAPL', 'T')).toBe(true);
    expect(l.carriers('AAPL')).toEqual([]);
  });
});
