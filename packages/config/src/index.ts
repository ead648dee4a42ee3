export { loadConfig, DEFAULT_LOAD_CONFIG_OPTIONS } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export {
  readEnvFile,
  loadConfigFromFiles,
  DEFAULT_LOAD_CONFIG_FROM_FILES_OPTIONS,
} from './env-file.js';
export type { LoadConfigFromFilesOptions } from './env-file.js';
export { ConfigError } from './config-error.js';
export type { ConfigIssue } from './config-error.js';
export { redactConfig, redactUrl, REDACTED } from './redact.js';
export {
  CONFIG_DEFAULTS,
  connectionId,
  defaultConnectionName,
  defaultConnectionEnabled,
} from './defaults.js';
export {
  ENV_KEYS,
  CONNECTION_FIELDS,
  connectionKey,
  parseConnectionKey,
  RETRIES_KEY,
  RETRIES_ALIAS,
} from './keys.js';
export type { EnvKey, ConnectionField } from './keys.js';
export { ROUTING_STRATEGIES } from './types.js';
export type {
  Env,
  TickmuxConfig,
  ConnectionConfig,
  ConfigWarning,
  RoutingStrategyName,
  HaConfig,
  HaMode,
} from './types.js';
export { HA_MODES } from './schema.js';
export { UniverseUnavailableError } from './universe/universe-source.js';
export type { UniverseSource } from './universe/universe-source.js';
export {
  BundledUniverseSource,
  bundledUniverses,
  SECTOR_SLUGS,
} from './universe/bundled-universes.js';
export {
  RedisUniverseSource,
  DEFAULT_REDIS_UNIVERSE_OPTIONS,
} from './universe/redis-universe-source.js';
export type { RedisUniverseSourceOptions } from './universe/redis-universe-source.js';
export { parseUniverseFile, readUniverseFile } from './universe/universe-file.js';
export { resolveUniverses, createUniverseSource } from './universe/resolve-universes.js';
export type {
  ResolvedConnection,
  ResolvedUniverses,
  ResolveUniversesOptions,
} from './universe/resolve-universes.js';
