#!/usr/bin/env node
// The published CLI: runs the built entry (`pnpm build` first when working in the repo; there,
// prefer `pnpm sim`, which runs from source).
import '../dist/cli.js';
