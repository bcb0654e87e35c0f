import { Kind } from '../core/kinds.js';
import { signEvent } from '../crypto/keys.js';
import type { Organize } from './context.js';
import { expiredWraps } from './repository.js';

/** Wraps named by one deletion (the acceptance policy takes up to 1,000). */
const PER_DELETION = 500;

/**
 * Delete the one-on-one notes whose time has come (`organize.note_days` after the talk): the
 * desk signs a NIP-09 deletion (kind 5) of their wraps and stores it; the log removes the wraps,
 * keeps tombstones so that sync never brings them back, and every projection drops what came
 * from them, in one transaction with the audit row. The deletion travels to the other desk
 * nodes (and relays) like any event, and each does the same. The WAL is checkpointed after, so
 * that the freed pages (overwritten: `secure_delete`) are gone from the WAL file too. The
 * conversation (date, follow-up, assessment) stays.
 *
 * @example expireNotes(org); // { deleted: 3 }
 */
export function expireNotes(org: Organize, now = Math.floor(Date.now() / 1000)): { deleted: number } {
  let deleted = 0;
  for (;;) {
    const wraps = expiredWraps(org.node.db, now, PER_DELETION);
    if (wraps.length === 0) break;
    const deletion = signEvent(
      {
        kind: Kind.Deletion,
        created_at: now,
        tags: [...wraps.map((id) => ['e', id]), ['k', String(Kind.GiftWrap)]],
        content: '',
      },
      org.desk,
    );
    org.node.ingest.storeOwn([deletion], () => {
      org.audit(org.node.db, {
        actor: 'desk',
        action: 'conversation_note.expire',
        target: null,
        details: { notes: wraps.length, deletion: deletion.id },
      });
      return true;
    });
    deleted += wraps.length;
    // Each round must have removed its wraps; anything else would loop.
    if (wraps.length < PER_DELETION || expiredWraps(org.node.db, now, 1)[0] === wraps[0]) break;
  }
  if (deleted > 0) org.node.db.pragma('wal_checkpoint(TRUNCATE)');
  return { deleted };
}
