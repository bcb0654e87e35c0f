import type { Db } from '../store/db.js';
import { cachedStatement } from '../store/db.js';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Append to the audit log. Call it inside the command's transaction so that the action and
 * its record land together. Never put report text or a client address in `details`.
 */
export function writeAudit(
  db: Db,
  entry: { actor: string; action: string; target?: string | null; details?: Record<string, unknown> | null },
): void {
  cachedStatement(
    db,
    'INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)',
  ).run(
    Math.floor(Date.now() / 1000),
    entry.actor,
    entry.action,
    entry.target ?? null,
    entry.details ? JSON.stringify(entry.details) : null,
  );
}

/** The newest audit entries first. */
export function listAudit(db: Db, limit = 50, beforeId?: number): (AuditEntry & { id: number })[] {
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, target, details FROM audit_log
       ${beforeId ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`,
    )
    .all(...(beforeId ? [beforeId, limit] : [limit])) as {
    id: number;
    at: number;
    actor: string;
    action: string;
    target: string | null;
    details: string | null;
  }[];
  return rows.map((r) => ({
    ...r,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  }));
}
