/**
 * The tiered round lot (SEC Rule 600 as amended, effective 3 Nov 2025): 100 shares for prices up to
 * $250, 40 up to $1,000, 10 up to $10,000, else 1. Quote sizes are multiples of it, in shares.
 */
export function roundLot(price: number): number {
  if (price <= 250) return 100;
  if (price <= 1_000) return 40;
  if (price <= 10_000) return 10;
  return 1;
}

/** How quote sizes `bs`/`as` are expressed: shares (the vendor since 3 Nov 2025) or round lots (before). */
export type QuoteSizeUnit = 'shares' | 'lots';
