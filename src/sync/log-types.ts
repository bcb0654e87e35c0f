import type { SyncClass } from './wire.js';

/*
 * The shapes of the log as sync reads it, shared by the log reader and the repository that
 * answers its queries.
 */

/** Who reads the log for sync: `all` (the desk, a listed peer, the node itself) or the public. */
export type SyncAccess = 'all' | 'public';

export interface LogEntry {
  seq: number;
  id: string;
  cls: SyncClass;
}

export interface LogPage {
  /** Entries in send order: by class, then by log position. */
  entries: LogEntry[];
  /** The page covers log positions (after, upto]. */
  upto: number;
  /** The highest log position now. */
  lastSeq: number;
  /** Entries in the range this reader may not have (wraps for a public reader). */
  withheld: number;
}
