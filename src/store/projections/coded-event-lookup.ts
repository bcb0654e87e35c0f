import { cachedStatement, type Db } from '../db.js';

/*
 * Finding one signer's published coded events (the projection `proj_coded_events`) by a word,
 * and reading a few by their ids: what a collective links to as "events it led". Demo events
 * (tagged `t`=`demo`) are not real and are never offered.
 */

/** What is shown of a coded event where it is picked or listed. */
export interface CodedEventSummary {
  id: string;
  date: string;
  admin1: string | null;
  settlement: string | null;
  event_type: string;
  sub_event_type: string;
  enterprise: string | null;
  verification: string;
}

const COLUMNS = 'd AS id, date, admin1, settlement, event_type, sub_event_type, enterprise, verification';

/** `%` and `_` are LIKE's wildcards: a word holding them is matched as written. */
const likeWord = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The signer's events whose id, day, region, settlement, enterprise or type hold every word of
 * `q` (case-insensitive for ASCII; an empty `q`: all), newest day first, at most `limit`.
 *
 * @example searchCodedEvents(db, deskPubkey, 'aktau strike', 20)
 */
export function searchCodedEvents(db: Db, pubkey: string, q: string, limit: number): CodedEventSummary[] {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  const haystack =
    "lower(d || ' ' || date || ' ' || coalesce(admin1, '') || ' ' || coalesce(settlement, '') || ' ' || coalesce(enterprise, '') || ' ' || sub_event_type || ' ' || event_type)";
  const where = words.map(() => `${haystack} LIKE ? ESCAPE '\\'`).join(' AND ');
  return cachedStatement(
    db,
    `SELECT ${COLUMNS} FROM proj_coded_events
     WHERE pubkey = ? AND demo = 0 ${where ? `AND ${where}` : ''}
     ORDER BY date DESC, created_at DESC, d LIMIT ?`,
  ).all(pubkey, ...words.map((w) => likeWord(w.toLowerCase())), limit) as CodedEventSummary[];
}

/** The signer's events of these ids that exist (others are left out), in the order given. */
export function codedEventsByIds(db: Db, pubkey: string, ids: readonly string[]): CodedEventSummary[] {
  if (ids.length === 0) return [];
  const rows = cachedStatement(
    db,
    `SELECT ${COLUMNS} FROM proj_coded_events
     WHERE pubkey = ? AND d IN (SELECT value FROM json_each(?))`,
  ).all(pubkey, JSON.stringify(ids)) as CodedEventSummary[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is CodedEventSummary => r !== undefined);
}
