import { describe, expect, it } from 'vitest';
import { equityInfo, isValidTicker, sectorMap, SECTORS, usEquities } from '../src/index.js';

describe('bundled US equity universe', () => {
  it('holds at least 500 distinct, valid tickers', () => {
    const all = usEquities();
    expect(all.length).toBeGreaterThanOrEqual(500);
    expect(new Set(all.map((e) => e.ticker)).size).toBe(all.length);
    for (const e of all) expect(isValidTicker(e.ticker)).toBe(true);
  });

  it('puts every ticker in one of the eleven sectors with a positive price', () => {
    const counts = new Map<string, number>();
    for (const e of usEquities()) {
      expect(SECTORS).toContain(e.sector);
      expect(e.price).toBeGreaterThan(0);
      counts.set(e.sector, (counts.get(e.sector) ?? 0) + 1);
    }
    expect(counts.size).toBe(11);
  });

  it('looks tickers up with their sector', () => {
    expect(equityInfo('AAPL')).toMatchObject({ sector: 'Information Technology', rankInSector: 0 });
    expect(equityInfo('BRK.B')?.sector).toBe('Financials');
    expect(equityInfo('NOPE')).toBeUndefined();
    expect(sectorMap().get('XOM')).toBe('Energy');
    expect(sectorMap().size).toBe(usEquities().length);
  });

  it('parses the table once: the same frozen list and entries on every call', () => {
    const first = usEquities();
    expect(usEquities()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(equityInfo('MSFT')).toBe(first.find((e) => e.ticker === 'MSFT'));
    expect(equityInfo('MSFT')).toEqual({
      ticker: 'MSFT',
      sector: 'Information Technology',
      price: 420,
      rankInSector: 1,
    });
  });
});
