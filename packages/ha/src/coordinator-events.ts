import type { LeaseLostReason } from './errors.js';
import type { HaRole } from './ha-status.js';
import type { SlotLease } from './slot-lease.js';

/** A stretch of store time (Unix ms) in which no instance streamed the account's tickers. */
export interface LeaderlessInterval {
  /** The previous leader's last renewal (it may have streamed a little past it). */
  readonly from: number;
  /** When this instance held every slot again (its sockets open after this). */
  readonly to: number;
}

/** What a coordinator reports; `on(event, listener)` returns a function that removes the listener. */
export interface CoordinatorEvents {
  /** A slot lease was acquired: a socket may be opened for it now (check `lease.valid()`). */
  acquired: (slot: number, lease: SlotLease) => void;
  /** A slot lease was lost: close its socket at once. */
  lost: (slot: number, reason: LeaseLostReason) => void;
  role: (role: HaRole, previous: HaRole) => void;
  /** Leader mode: this instance took over; the interval without a leader, for one gap per ticker. */
  leaderless: (interval: LeaderlessInterval) => void;
  /**
   * Share mode: this instance took a slot over; the interval in which nobody held it (from its
   * previous holder's last renewal), for one gap per ticker routed to that slot.
   */
  uncovered: (slot: number, interval: LeaderlessInterval) => void;
}
