import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AuthError, TilshiError, ValidationError } from '../core/errors.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../crypto/password.js';
import type { Db } from '../store/db.js';
import { writeAudit } from './audit.js';
import {
  type AccountRow,
  accountById,
  accountByUsername,
  accountRowsWithSessions,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  insertAccount,
  insertSession,
  markDisabled,
  sessionByTokenHash,
  storeOneTimePassword,
  storePassword,
  touchSession,
  usernameTaken,
} from './repository/index.js';

export const ROLES = ['admin', 'editor', 'organizer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  id: number;
  username: string;
  role: Role;
  must_change_password: boolean;
}

export interface Session {
  account: Account;
  csrfToken: string;
}

/** Sessions last 12 hours from the last request. */
export const SESSION_IDLE_SECONDS = 12 * 60 * 60;
export const MIN_PASSWORD_LENGTH = 12;

export const UsernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash and underscore only');

const now = () => Math.floor(Date.now() / 1000);
const sha256hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A password that is easy to type and read aloud: 20 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out.replace(/(.{5})(?!$)/g, '$1-');
}

function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError('weak_password', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  username: r.username,
  role: r.role as Role,
  must_change_password: r.must_change_password === 1,
});

/**
 * Create a desk account. `mustChangePassword` marks a one-time password (the one `init`
 * prints): the desk then asks for a new one before anything else.
 */
export async function createAccount(
  db: Db,
  input: { username: string; password: string; role: Role; mustChangePassword?: boolean; actor?: string },
): Promise<Account> {
  const username = UsernameSchema.parse(input.username);
  checkPasswordStrength(input.password);
  const hash = await hashPassword(input.password);
  return db.transaction(() => {
    if (usernameTaken(db, username)) {
      throw new TilshiError('username_taken', `an account named ${username} exists`, 409);
    }
    const id = insertAccount(db, {
      username,
      role: input.role,
      passwordHash: hash,
      mustChangePassword: !!input.mustChangePassword,
      createdAt: now(),
    });
    writeAudit(db, {
      actor: input.actor ?? 'system',
      action: 'account.create',
      target: username,
      details: { role: input.role },
    });
    return {
      id,
      username,
      role: input.role,
      must_change_password: !!input.mustChangePassword,
    };
  })();
}

/**
 * Check a username and password and open a session. Returns the session token (for the
 * cookie; only its hash is stored) and the CSRF token the desk sends back in a header.
 * Unknown users cost the same time as wrong passwords.
 */
export async function signIn(
  db: Db,
  username: string,
  password: string,
): Promise<Session & { token: string }> {
  const row = accountByUsername(db, username.trim());
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || !ok || row.disabled_at !== null) {
    if (row) writeAudit(db, { actor: row.username, action: 'session.failed' });
    throw new AuthError('bad_credentials', 'wrong username or password');
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const t = now();
  db.transaction(() => {
    deleteExpiredSessions(db, t);
    insertSession(db, {
      tokenHash: sha256hex(token),
      accountId: row.id,
      csrfToken,
      createdAt: t,
      expiresAt: t + SESSION_IDLE_SECONDS,
    });
    writeAudit(db, { actor: row.username, action: 'session.open' });
  })();
  return { token, csrfToken, account: toAccount(row) };
}

/** The session behind a cookie token, refreshed; undefined when absent or expired. */
export function getSession(db: Db, token: string | undefined): Session | undefined {
  if (!token) return undefined;
  const row = sessionByTokenHash(db, sha256hex(token));
  const t = now();
  if (!row || row.expires_at < t || row.disabled_at !== null) return undefined;
  // Refresh at most once a minute: a busy desk should not write on every request.
  if (t - row.last_seen_at > 60) {
    touchSession(db, sha256hex(token), t, t + SESSION_IDLE_SECONDS);
  }
  return { account: toAccount(row), csrfToken: row.csrf_token };
}

export function signOut(db: Db, token: string, actor: string): void {
  db.transaction(() => {
    deleteSession(db, sha256hex(token));
    writeAudit(db, { actor, action: 'session.close' });
  })();
}

/**
 * Change a password. The current one is asked again, except on the first change after a
 * one-time password: the session was just opened with it and can do nothing else, so a reload
 * of the page does not ask for it a second time (the new one must still differ from it). Every
 * other session of the account is closed, so a stolen cookie stops working.
 */
export async function changePassword(
  db: Db,
  account: Account,
  input: { currentPassword?: string | undefined; newPassword: string; keepToken?: string },
): Promise<void> {
  const row = accountById(db, account.id);
  const oneTime = row?.must_change_password === 1 && input.currentPassword === undefined;
  if (!row || (!oneTime && !(await verifyPassword(input.currentPassword ?? '', row.password_hash)))) {
    throw new AuthError('bad_credentials', 'the current password is wrong');
  }
  checkPasswordStrength(input.newPassword);
  if (
    input.newPassword === input.currentPassword ||
    (oneTime && (await verifyPassword(input.newPassword, row.password_hash)))
  ) {
    throw new ValidationError('weak_password', 'the new password must differ from the current one');
  }
  const hash = await hashPassword(input.newPassword);
  db.transaction(() => {
    storePassword(db, account.id, hash);
    deleteSessionsOf(db, account.id, input.keepToken ? sha256hex(input.keepToken) : '');
    writeAudit(db, { actor: account.username, action: 'account.password_change', target: account.username });
  })();
}

/** An account as an admin sees it in the list. */
export interface AccountListing extends Account {
  created_at: number;
  disabled_at: number | null;
  sessions: number;
}

/** Every desk account, with whether it is disabled and how many sessions it has open. */
export function listAccounts(db: Db): AccountListing[] {
  return accountRowsWithSessions(db, now()).map((r) => ({
    ...toAccount(r),
    created_at: r.created_at,
    disabled_at: r.disabled_at,
    sessions: r.sessions,
  }));
}

function accountNamed(db: Db, username: string): AccountRow {
  const row = accountByUsername(db, username.trim());
  if (!row) throw new TilshiError('account_not_found', `no account is named ${username}`, 404);
  return row;
}

/**
 * Disable an account (an editor arrested, a laptop lost): it cannot sign in, and every session
 * it has open ends now, in the transaction that writes the audit row. An admin cannot disable
 * the account it acts from, so that a desk always keeps one admin who can act.
 */
export function disableAccount(db: Db, username: string, actor: Account): void {
  db.transaction(() => {
    const row = accountNamed(db, username);
    if (row.id === actor.id) {
      throw new ValidationError('own_account', 'an admin cannot disable the account it is signed in with');
    }
    markDisabled(db, row.id, now());
    deleteSessionsOf(db, row.id);
    writeAudit(db, { actor: actor.username, action: 'account.disable', target: row.username });
  })();
}

/**
 * Give an account a new one-time password (it must be changed at the next sign-in), enable it
 * again if it was disabled, and end its sessions. Returns the password, shown once.
 */
export async function resetPassword(db: Db, username: string, actor: Account): Promise<string> {
  accountNamed(db, username);
  const password = generatePassword();
  const hash = await hashPassword(password);
  db.transaction(() => {
    const row = accountNamed(db, username);
    storeOneTimePassword(db, row.id, hash);
    deleteSessionsOf(db, row.id);
    writeAudit(db, { actor: actor.username, action: 'account.password_reset', target: row.username });
  })();
  return password;
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function checkCsrf(session: Session, header: string | undefined): void {
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header ?? '');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new AuthError('csrf_failed', 'missing or wrong x-csrf-token header', 403);
  }
}
