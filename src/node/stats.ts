import type { Db } from '../store/db.js';
import { readKindCounts } from '../store/projections/kind-counts.js';

/**
 * How many events of each kind the node holds, `{ [kind]: n }`: the query `tilshi status` and
 * the desk's node panel ask (routes and verbs read the store through the node, never directly).
 */
export function eventsByKind(db: Db): Record<string, number> {
  return readKindCounts(db);
}
