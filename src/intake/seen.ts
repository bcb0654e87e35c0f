import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dataPaths } from '../node/config.js';
import type { Db } from '../store/db.js';
import { deleteSeenBefore, insertSeen, seenWrap } from './repository.js';

/** The node's intake secret: keyed hashes of SMS senders and of what was seen. Made on first use. */
export function intakeKey(dataDir: string): Buffer {
  const file = dataPaths(dataDir).intakeKey;
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

/** A claim: the keyed hash of something an intake channel took in (never the thing itself). */
export function claimOf(key: Buffer, text: string): string {
  return hmac(key, text).toString('base64url');
}

/** The wrap stored for any of these claims, if one was. */
export function findSeen(db: Db, claims: readonly string[]): string | undefined {
  for (const claim of claims) {
    const wrapId = seenWrap(db, claim);
    if (wrapId !== undefined) return wrapId;
  }
  return undefined;
}

/** Remember claims for a stored wrap; call in the transaction that stores it. */
export function recordSeen(db: Db, channel: string, claims: readonly string[], wrapId: string): void {
  const now = Math.floor(Date.now() / 1000);
  for (const claim of claims) insertSeen(db, claim, channel, wrapId, now);
}

/** Forget claims of a channel older than `days` (SMS resends stop after about two days). */
export function forgetSeen(db: Db, channel: string, days: number): void {
  deleteSeenBefore(db, channel, Math.floor(Date.now() / 1000) - days * 86_400);
}
