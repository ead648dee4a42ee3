export { ErrorCode, TickmuxError, InvalidArgumentError, describeValue } from './errors.js';
export type {
  TradeEvent,
  QuoteEvent,
  AggregateEvent,
  GenericEvent,
  MarketEvent,
  MassiveEvent,
  StatusMessage,
} from './events.js';
export {
  STOCK_CHANNELS,
  DEFAULT_CHANNELS,
  isTrade,
  isQuote,
  isAggregate,
  isMarketEvent,
} from './events.js';
export { decodeFrame } from './decode.js';
export type { DecodedFrame, DecodeIssue } from './decode.js';
export {
  encodeAuth,
  encodeSubscribe,
  encodeUnsubscribe,
  encodeFrame,
  statusMessage,
  decodeClientMessage,
} from './encode.js';
export type { ClientAction, ClientMessage, DecodedClientMessage } from './encode.js';
export {
  topic,
  topicsFor,
  parseTopic,
  splitTopicList,
  isValidChannel,
  assertChannel,
} from './topics.js';
export type { TopicParts } from './topics.js';
export { chunkTopics, DEFAULT_CHUNK_OPTIONS, utf8Length } from './chunk.js';
export type { ChunkOptions } from './chunk.js';
export {
  isValidTicker,
  isValidTickerFor,
  normaliseTicker,
  normaliseTickers,
  parseTickerList,
  InvalidTickerError,
} from './ticker.js';
export type { ParsedTickers } from './ticker.js';
export { CLUSTERS, clusterOfUrl } from './cluster.js';
export type { Cluster } from './cluster.js';
export { SERVER_STATUS_KINDS, CLOSING_STATUSES, toServerStatus } from './server-status.js';
export type {
  ServerStatus,
  ServerStatusKind,
  ServerStatusOf,
  ClosingStatus,
} from './server-status.js';
export { toTick, toSeconds, eventKey } from './tick.js';
export type { TickData, TickEventType } from './tick.js';
export { systemClock, createManualClock } from './clock.js';
export type { Clock, ManualClock, TimerHandle } from './clock.js';
export { SECTORS, usEquities, equityInfo, sectorMap } from './equities.js';
export type { Sector, EquityInfo } from './equities.js';
export { silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { ROUTING_STRATEGIES } from './routing-strategies.js';
export type { RoutingStrategyName } from './routing-strategies.js';
