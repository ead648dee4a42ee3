import { defineProject } from 'vitest/config';
import { tickmuxProject } from '../../vitest.shared.ts';

// --expose-gc: the soak test measures heap after a full collection.
export default defineProject(tickmuxProject(import.meta.dirname, { execArgv: ['--expose-gc'] }));
