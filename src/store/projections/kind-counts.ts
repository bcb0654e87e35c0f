import { cachedStatement, type Db } from '../db.js';
import type { Projection } from '../projections.js';

/** How many events of each kind the log holds: `tilshi status` and the desk's node panel. */
export const kindCounts: Projection = {
  name: 'kind_counts',
  version: 1,
  create(db) {
    db.exec('CREATE TABLE IF NOT EXISTS proj_kind_counts (kind INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
  },
  reset(db) {
    db.exec('DELETE FROM proj_kind_counts');
  },
  apply(db, stored) {
    cachedStatement(
      db,
      'INSERT INTO proj_kind_counts (kind, n) VALUES (?, 1) ON CONFLICT (kind) DO UPDATE SET n = n + 1',
    ).run(stored.event.kind);
  },
  forget(db, deleted) {
    for (const d of deleted) {
      cachedStatement(db, 'UPDATE proj_kind_counts SET n = max(n - 1, 0) WHERE kind = ?').run(d.event.kind);
    }
  },
};

/** Read the counts: `{ [kind]: n }`. */
export function readKindCounts(db: Db): Record<string, number> {
  const built = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proj_kind_counts'")
    .get();
  // A read-only look at a store that no node has opened since this projection was added.
  const sql = built
    ? 'SELECT kind, n FROM proj_kind_counts ORDER BY kind'
    : 'SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY kind';
  const rows = db.prepare(sql).all() as { kind: number; n: number }[];
  return Object.fromEntries(rows.map((r) => [String(r.kind), r.n]));
}
