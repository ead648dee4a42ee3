import { defineProject } from 'vitest/config';
import { tickmuxProject } from '../../vitest.shared.ts';

export default defineProject(tickmuxProject(import.meta.dirname));
