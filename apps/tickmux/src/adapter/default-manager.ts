import { createManagerFromConfig, type ManagerFromConfigOptions } from '@tickmux/pool';
import type { ConnectionManagerLike, ManagerFactory } from './connection-manager.js';

/**
 * The multi-connection manager the service uses: `createManagerFromConfig` of `@tickmux/pool`
 * (the config's connections, strategy, capacity, replication, failover, health interval; universe
 * keys resolved at `connect()`), seen through the small interface the adapter needs.
 */
export const defaultManagerFactory: ManagerFactory | undefined = (config, callbacks) =>
  managerFactory()(config, callbacks);

/**
 * {@link defaultManagerFactory} with more manager options (`clock`, `WebSocket`, ...: tests that
 * crash a whole instance).
 */
export function managerFactory(
  extra: Omit<ManagerFromConfigOptions, 'onTick' | 'onStatus' | 'onStateChange' | 'onGap'> = {},
): ManagerFactory {
  return (config, callbacks) => wrapManager(config, callbacks, extra);
}

function wrapManager(
  config: Parameters<ManagerFactory>[0],
  callbacks: Parameters<ManagerFactory>[1],
  extra: ManagerFromConfigOptions,
): ConnectionManagerLike {
  const manager = createManagerFromConfig(config, {
    ...extra,
    onTick: (tick) => callbacks.onTick(tick),
    onStatus: (status) =>
      callbacks.onStatus({
        kind: status.kind,
        message: status.message,
        connection_id: status.connection_id,
      }),
    onStateChange: (state, previous, reason) =>
      callbacks.onStatus({
        state,
        previous,
        cause: reason.cause,
        connection_id: reason.connection_id,
        ...(reason.error === undefined
          ? {}
          : { error: reason.error.code, message: reason.error.message }),
      }),
    onGap: (gap) => callbacks.onGap(gap),
    ...(callbacks.logger === undefined ? {} : { logger: callbacks.logger }),
    ...(callbacks.slotGate === undefined ? {} : { slotGate: callbacks.slotGate }),
  });
  const like: ConnectionManagerLike & { manager: typeof manager } = {
    manager,
    connect: () => manager.connect(),
    subscribe: (tickers) => manager.subscribe([...tickers]),
    disconnect: () => manager.disconnect(),
    getHealthStatus: () => manager.getHealthStatus(),
    rebalance: async () =>
      (await manager.rebalance()).flatMap((m) =>
        m.to === null ? [] : [{ ticker: m.ticker, from: m.from, to: m.to }],
      ),
    getConnectionTickers: (id) => {
      if (!manager.connectionIds.includes(id)) return undefined;
      return manager.assignment.hasConnection(id) ? manager.assignment.tickersOn(id) : [];
    },
    openGaps: () => manager.openGaps(),
  };
  return like;
}
