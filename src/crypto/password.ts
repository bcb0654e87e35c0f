import { randomBytes } from '@noble/hashes/utils.js';
import { TilshiError } from '../core/errors.js';
import { PasswordHasher } from './password-pool.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 0.16 s here). */
const PARAMS = { m: 19_456, t: 2, p: 1 } as const;
const HASH_LEN = 32;
/** Parameters a stored hash may name: anything costlier is not a hash this node wrote. */
const MAX_MEMORY_KIB = 1024 * 1024;
const MAX_PASSES = 16;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * Every argon2id of the process runs on this pool: one worker thread each, at most `threads` at
 * once, at most `queue` waiting. A hash costs 19 MiB and 0.16 s of a core, so without a cap
 * sixty sign-ins at once would take a gigabyte and stall the node.
 */
let hasher = new PasswordHasher({ threads: 1, queue: 16 });

/** Size the pool (from `limits.password_hash_threads` and `password_hash_queue`). */
export function configurePasswordHashing(limits: { threads: number; queue: number }): void {
  if (hasher.threads === limits.threads && hasher.queueLimit === limits.queue) return;
  const old = hasher;
  hasher = new PasswordHasher(limits);
  void old.close();
}

/** Hash a password as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await hasher.argon2id(password.normalize('NFKC'), salt, { ...PARAMS, dkLen: HASH_LEN });
  return `$argon2id$v=19$m=${PARAMS.m},t=${PARAMS.t},p=${PARAMS.p}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * Check a password against a PHC string, in constant time over the hash bytes. Throws
 * `busy` (503) when the hashing queue is full.
 */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = PHC.exec(phc);
  if (!m) return false;
  const [, mem, passes, lanes, saltText, hashText] = m;
  if (Number(mem) > MAX_MEMORY_KIB || Number(passes) > MAX_PASSES || Number(lanes) > 16) return false;
  const expected = unb64(hashText!);
  const actual = await hasher.argon2id(password.normalize('NFKC'), unb64(saltText!), {
    m: Number(mem),
    t: Number(passes),
    p: Number(lanes),
    dkLen: expected.length,
  });
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}

/** A hash to compare against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not a password of anyone').catch((err: unknown) => {
    dummyHash = undefined; // a full queue now must not poison every later sign-in
    throw err;
  });
  return dummyHash;
}

/** Whether an error is the pool's `busy`. */
export function isBusy(err: unknown): err is TilshiError {
  return err instanceof TilshiError && err.code === 'busy';
}
