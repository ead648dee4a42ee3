import type { ManagerFactory } from './connection-manager.js';

/**
 * The multi-connection manager the service uses by default: `createManagerFromConfig` of
 * `@tickmux/pool` once it lands. Undefined until then (`tickmux start` runs one connection).
 */
export const defaultManagerFactory: ManagerFactory | undefined = undefined;
