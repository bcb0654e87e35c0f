import type { Db } from '../store/db.js';
import { auditRows, insertAuditRow } from './repository/index.js';

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
  insertAuditRow(db, {
    at: Math.floor(Date.now() / 1000),
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  });
}

/** The newest audit entries first. */
export function listAudit(db: Db, limit = 50, beforeId?: number): (AuditEntry & { id: number })[] {
  return auditRows(db, limit, beforeId).map((r) => ({
    ...r,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  }));
}
