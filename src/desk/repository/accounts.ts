import { cachedStatement, type Db } from '../../store/db.js';

/*
 * The SQL of desk accounts, their sessions and the audit log (tables of migration 002). The
 * commands in ../accounts.ts and ../audit.ts check, hash and decide; these functions read and
 * write rows, inside whatever transaction the command opened.
 */

/** An account as stored. */
export interface AccountRow {
  id: number;
  username: string;
  role: string;
  password_hash: string;
  must_change_password: number;
  created_at: number;
  disabled_at: number | null;
}

export function accountByUsername(db: Db, username: string): AccountRow | undefined {
  return db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined;
}

export function accountById(db: Db, id: number): AccountRow | undefined {
  return db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
}

export function usernameTaken(db: Db, username: string): boolean {
  return db.prepare('SELECT 1 FROM accounts WHERE username = ?').get(username) !== undefined;
}

/** Add an account; returns its id. */
export function insertAccount(
  db: Db,
  a: { username: string; role: string; passwordHash: string; mustChangePassword: boolean; createdAt: number },
): number {
  const info = db
    .prepare(
      'INSERT INTO accounts (username, role, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(a.username, a.role, a.passwordHash, a.mustChangePassword ? 1 : 0, a.createdAt);
  return Number(info.lastInsertRowid);
}

/** A password the account chose: it need not be changed again. */
export function storePassword(db: Db, accountId: number, passwordHash: string): void {
  db.prepare('UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE id = ?').run(
    passwordHash,
    accountId,
  );
}

/** A one-time password: changed at the next sign-in; the account is enabled again. */
export function storeOneTimePassword(db: Db, accountId: number, passwordHash: string): void {
  db.prepare(
    'UPDATE accounts SET password_hash = ?, must_change_password = 1, disabled_at = NULL WHERE id = ?',
  ).run(passwordHash, accountId);
}

/** Mark an account disabled at `at` (an account disabled before keeps its first time). */
export function markDisabled(db: Db, accountId: number, at: number): void {
  db.prepare('UPDATE accounts SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?').run(at, accountId);
}

/** Every account with the number of its sessions still open at `now`, by username. */
export function accountRowsWithSessions(db: Db, now: number): (AccountRow & { sessions: number })[] {
  return db
    .prepare(
      `SELECT a.*, (SELECT COUNT(*) FROM sessions s WHERE s.account_id = a.id AND s.expires_at >= ?) AS sessions
       FROM accounts a ORDER BY a.username`,
    )
    .all(now) as (AccountRow & { sessions: number })[];
}

/** A session as stored, with its account. */
export type SessionRow = AccountRow & { csrf_token: string; expires_at: number; last_seen_at: number };

export function sessionByTokenHash(db: Db, tokenHash: string): SessionRow | undefined {
  return db
    .prepare(
      `SELECT a.*, s.csrf_token, s.expires_at, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id
       WHERE s.token_hash = ?`,
    )
    .get(tokenHash) as SessionRow | undefined;
}

export function deleteExpiredSessions(db: Db, now: number): void {
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now);
}

export function insertSession(
  db: Db,
  s: { tokenHash: string; accountId: number; csrfToken: string; createdAt: number; expiresAt: number },
): void {
  db.prepare(
    'INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(s.tokenHash, s.accountId, s.csrfToken, s.createdAt, s.createdAt, s.expiresAt);
}

export function touchSession(db: Db, tokenHash: string, lastSeenAt: number, expiresAt: number): void {
  db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?').run(
    lastSeenAt,
    expiresAt,
    tokenHash,
  );
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

/** End every session of an account, but the one whose token hash is `keepTokenHash`. */
export function deleteSessionsOf(db: Db, accountId: number, keepTokenHash?: string): void {
  if (keepTokenHash === undefined) {
    db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId);
  } else {
    db.prepare('DELETE FROM sessions WHERE account_id = ? AND token_hash != ?').run(accountId, keepTokenHash);
  }
}

/** An audit entry as stored (`details` as JSON). */
export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
}

export function insertAuditRow(db: Db, row: Omit<AuditRow, 'id'>): void {
  cachedStatement(
    db,
    'INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)',
  ).run(row.at, row.actor, row.action, row.target, row.details);
}

/** The newest audit entries first, those before `beforeId` when given. */
export function auditRows(db: Db, limit: number, beforeId?: number): AuditRow[] {
  return db
    .prepare(
      `SELECT id, at, actor, action, target, details FROM audit_log
       ${beforeId ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`,
    )
    .all(...(beforeId ? [beforeId, limit] : [limit])) as AuditRow[];
}

/** Whether the audit log holds an entry of this action on this target. */
export function audited(db: Db, action: string, target: string): boolean {
  return (
    db.prepare('SELECT 1 FROM audit_log WHERE action = ? AND target = ? LIMIT 1').get(action, target) !==
    undefined
  );
}
