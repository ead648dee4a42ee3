import { describe, expect, it } from 'vitest';
import { cliToSimOptions } from '../src/cli-options.js';
import { createProgram, type CliOptions } from '../src/cli-program.js';

/** Parses a command line the way `pnpm sim` does, without starting anything. */
async function parse(args: string[]): Promise<CliOptions> {
  let got: CliOptions | undefined;
  await createProgram((o) => {
    got = o;
    return Promise.resolve();
  })
    .exitOverride()
    .parseAsync(['node', 'massive-sim', ...args]);
  return got!;
}

describe('command line', () => {
  it('documents every option in --help, with its default where it has one', () => {
    const program = createProgram(() => Promise.resolve());
    const text = program.helpInformation().replace(/\s+/g, ' ');
    expect(program.options.length).toBeGreaterThan(45);
    const missing = program.options.filter(
      (o) =>
        !text.includes(o.long!) ||
        (o.defaultValue !== undefined &&
          typeof o.defaultValue !== 'boolean' &&
          !text.includes(`default: ${JSON.stringify(o.defaultValue)})`)),
    );
    expect(missing.map((o) => o.long)).toEqual([]);
  });

  it("maps to the library options: the vendor's defaults, the session clock, the control port next door", async () => {
    const o = cliToSimOptions(await parse([]));
    expect(o).toMatchObject({
      port: 8765,
      controlPort: 8766,
      controlHost: '127.0.0.1',
      clock: 'real',
      startAt: 'session',
      seq: 'sparse',
      limitPolicy: 'kick-oldest',
      zombieMs: 30_000,
      maxConnectionsAfterAuth: true,
      groundTruth: true,
      accounts: { demo: { keys: [{ key: 'demo' }] } },
    });
  });

  it('groups keys into accounts with their limits and plans', async () => {
    const o = cliToSimOptions(
      await parse([
        '--api-keys',
        'demo,solo',
        '--accounts',
        'acct1:5=k1,k2',
        '--accounts',
        'acct2=solo',
        '--delayed-keys',
        'k2',
        '--key-channels',
        'k1=T,AM',
        '--keys-without-socket',
        'rest',
      ]),
    );
    expect(o.accounts).toEqual({
      demo: { keys: [{ key: 'demo' }] },
      acct1: {
        keys: [
          { key: 'k1', channels: ['T', 'AM'] },
          { key: 'k2', feed: 'delayed' },
        ],
        maxConnections: 5,
      },
      acct2: { keys: [{ key: 'solo' }] },
      rest: { keys: [{ key: 'rest', websocket: false }] },
    });
  });

  it('reads --clock as session, now, virtual or an instant, and --speed max for replays', async () => {
    expect(cliToSimOptions(await parse(['--clock', 'now']))).toMatchObject({
      clock: 'real',
      startAt: 'now',
    });
    expect(cliToSimOptions(await parse(['--clock', 'virtual']))).toMatchObject({
      clock: 'virtual',
      virtualPaced: true,
    });
    expect(cliToSimOptions(await parse(['--clock', '2025-03-14T15:55:00-04:00']))).toMatchObject({
      clock: 'real',
      startAt: Date.parse('2025-03-14T19:55:00Z'),
    });
    expect(
      cliToSimOptions(await parse(['--replay', 'x.ndjson', '--speed', 'max', '--loop'])),
    ).toMatchObject({
      replay: 'x.ndjson',
      acceleration: 'max',
      loop: true,
    });
  });

  it('names the flag of a bad value', async () => {
    const o = await parse(['--clock', 'whenever']);
    expect(() => cliToSimOptions(o)).toThrow(/--clock/);
    expect(() => cliToSimOptions({ ...o, clock: 'session', accounts: ['nonsense'] })).toThrow(
      /--accounts/,
    );
  });
});
