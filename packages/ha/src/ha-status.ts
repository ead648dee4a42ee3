import type { HaMode } from './coordinator-options.js';
import type { SlotLease } from './slot-lease.js';

/** `standby` and `leader` in leader mode, `member` in share mode; `idle` before `start()`. */
export type HaRole = 'idle' | 'standby' | 'leader' | 'member' | 'stopped';

/** Health fields (snake_case, as the service's health object shows them). */
export interface HaStatus {
  instance_id: string;
  mode: HaMode;
  role: HaRole;
  /** `/readyz`: leader mode, the leader holding every slot; share mode, holding at least one slot. */
  ready: boolean;
  /** The fencing token of the leader lease (leader mode) or the highest slot token held; null if none. */
  fencing_token: number | null;
  /** Time since the leader lease (share mode: the oldest slot lease) was last renewed, ms. */
  lease_age_ms: number | null;
  slots_total: number;
  slots_held: number[];
  slot_tokens: Record<string, number>;
  store_errors: number;
  last_store_error: string | null;
}

/** What {@link haStatus} reads. `slots` and `leader` are the valid leases only. */
export interface StatusInput {
  now: number;
  instanceId: string;
  mode: HaMode;
  role: HaRole;
  slotsTotal: number;
  slots: readonly SlotLease[];
  leader: SlotLease | undefined;
  storeErrors: number;
  lastStoreError: string | null;
}

export function haStatus(s: StatusInput): HaStatus {
  const tokens: Record<string, number> = {};
  for (const l of s.slots) tokens[String(l.slot)] = l.token;
  const oldest = s.slots.reduce<number | null>(
    (m, l) => (m === null || l.renewedAt < m ? l.renewedAt : m),
    null,
  );
  const leaderMode = s.mode === 'leader';
  const renewedAt = leaderMode ? (s.leader?.renewedAt ?? null) : oldest;
  return {
    instance_id: s.instanceId,
    mode: s.mode,
    role: s.role,
    ready: leaderMode
      ? s.leader !== undefined && s.slots.length === s.slotsTotal
      : s.slots.length > 0,
    fencing_token: leaderMode
      ? (s.leader?.token ?? null)
      : s.slots.reduce<number | null>((m, l) => Math.max(m ?? 0, l.token), null),
    lease_age_ms: renewedAt === null ? null : s.now - renewedAt,
    slots_total: s.slotsTotal,
    slots_held: s.slots.map((l) => l.slot as number).sort((a, b) => a - b),
    slot_tokens: tokens,
    store_errors: s.storeErrors,
    last_store_error: s.lastStoreError,
  };
}
