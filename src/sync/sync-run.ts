import type { TilshiNode } from '../node/node.js';
import type { Http } from './peer-http.js';
import type { PeerStore } from './peers.js';
import type { Encoding } from './serve-sync.js';

export interface Direction {
  /** Events newly stored on the receiving side. */
  events: number;
  /** Events offered (after the cursor) and how many of them the receiver lacked. */
  offered: number;
  wanted: number;
  /** Events the receiver refused (bad signature, policy), by code. */
  rejected: Record<string, number>;
  /** HTTP body bytes sent and received for this direction. */
  bytesSent: number;
  bytesReceived: number;
  /** Sealed records the sending side kept back, and why (pull only: `not_a_peer`). */
  withheld: number;
  withheldReason: string | null;
}

export interface SyncResult {
  peer: string;
  url: string;
  /**
   * How the two sets were compared: `cursor` (offers after the cursors) or `symbols` (first
   * contact: coded symbols of the peer's whole set, docs/sync.md).
   */
  method: 'cursor' | 'symbols';
  /** Coded symbols received (first contact), and their bytes; counted in `pull` too. */
  symbols: number;
  symbolBytes: number;
  pull: Direction;
  push: Direction;
  roundTrips: number;
  ms: number;
}

export interface SyncOptions {
  pull?: boolean;
  push?: boolean;
  encoding?: Encoding;
  /** Ids per offer (default and most: 50,000). */
  offerLimit?: number;
  /** Gives up a request that takes longer (default 60 s). */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Forget both cursors first: everything is offered again (only what is missing moves). */
  fromStart?: boolean;
  /**
   * Compare whole sets with coded symbols when there is no cursor (first contact,
   * `fromStart`); default true. False offers every id instead, as before.
   */
  symbols?: boolean;
}

export const emptyDirection = (): Direction => ({
  events: 0,
  offered: 0,
  wanted: 0,
  rejected: {},
  bytesSent: 0,
  bytesReceived: 0,
  withheld: 0,
  withheldReason: null,
});

/** What one sync works with, handed to its pull and its push. */
export interface SyncRun {
  node: TilshiNode;
  http: Http;
  peers: PeerStore;
  result: SyncResult;
  encoding: Encoding;
  options: SyncOptions;
  /** What this sync pulled from the peer (not offered back to it). */
  pulledIds: Set<string>;
}
