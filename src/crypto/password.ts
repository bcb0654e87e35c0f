import { argon2idAsync } from '@noble/hashes/argon2.js';
import { randomBytes } from '@noble/hashes/utils.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 0.16 s here). */
const PARAMS = { m: 19_456, t: 2, p: 1 } as const;
const HASH_LEN = 32;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** Hash a password as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await argon2idAsync(password.normalize('NFKC'), salt, { ...PARAMS, dkLen: HASH_LEN });
  return `$argon2id$v=19$m=${PARAMS.m},t=${PARAMS.t},p=${PARAMS.p}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Check a password against a PHC string, in constant time over the hash bytes. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = PHC.exec(phc);
  if (!m) return false;
  const [, mem, passes, lanes, saltText, hashText] = m;
  const expected = unb64(hashText!);
  const actual = await argon2idAsync(password.normalize('NFKC'), unb64(saltText!), {
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
  dummyHash ??= hashPassword('not a password of anyone');
  return dummyHash;
}
