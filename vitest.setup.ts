import fc from 'fast-check';

// Every property test in the run draws from the one printed seed (see vitest.shared.ts).
const seed = Number(process.env['FAST_CHECK_SEED']);
if (Number.isFinite(seed)) fc.configureGlobal({ seed });
