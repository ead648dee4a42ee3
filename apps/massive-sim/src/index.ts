export { startSim } from './start-sim.js';
export type { Sim } from './start-sim.js';
export { resolveSimOptions } from './resolve-options.js';
export { SIM_DEFAULTS, VIRTUAL_START_MS } from './options.js';
export type { SimOptions, ResolvedSimOptions, SimClockMode } from './options.js';
export type { LimitPolicy, AccountInfo } from './account-book.js';
export { apiKeyId, DELAYED_EXCLUDED } from './accounts.js';
export type { AccountOptions, ApiKeyOptions, Feed } from './accounts.js';
export { MALFORMED_KINDS } from './malformed.js';
export type { MalformedKind } from './malformed.js';
export type {
  SimControl,
  ScenarioHandle,
  SimSettings,
  SettingsPatch,
  ConnectionFilter,
} from './control-types.js';
export { parseScenario } from './scenario-schema.js';
export type { Scenario, ScenarioStep, ScenarioLogEntry } from './scenario-schema.js';
export type { ConnectionInfo, ConnectionState } from './connection.js';
export type { SimStats } from './engine.js';
export { DELAYED_BY_MS } from './engine.js';
export type { TruthEntry, TruthFilter, SocketTruthCounts } from './ground-truth.js';
export { Status, CloseCode } from './messages.js';
export { MarketModel } from './market-model.js';
export type { MarketModelOptions } from './model-options.js';
export { MODEL_DEFAULTS } from './model-options.js';
export type { SimEvent, SimChannel } from './sim-event.js';
export { MODEL_CHANNELS } from './channels.js';
export type { SequenceMode } from './sequence.js';
export { roundLot } from './lots.js';
export type { QuoteSizeUnit } from './lots.js';
export { segmentAt, sessionAt, sessionStart, easternTime, easternToUtc } from './calendar.js';
export type { MarketSession, CalendarSegment, EasternTime } from './calendar.js';
export {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  parseRecording,
  readRecording,
  recordingHeaderLine,
  recordingFrameLine,
} from './recording.js';
export type { Recording, RecordingHeader, RecordedFrame } from './recording.js';
export { ReplaySource, splitJsonArray } from './replay-source.js';
export type { ReplayOptions } from './replay-source.js';
export { pickUniverse, universeFor } from './universe.js';
export type { SimTicker } from './universe.js';
