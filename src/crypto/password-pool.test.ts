import { argon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './password-pool.js';

const opts = { m: 256, t: 1, p: 1, dkLen: 32 };
const salt = new Uint8Array(16).fill(7);

describe('the password hashing pool', () => {
  it('hashes as noble does, on a worker, and refuses with busy beyond its queue', async () => {
    const hasher = new PasswordHasher({ threads: 1, queue: 2 });
    try {
      expect(await hasher.argon2id('pw', salt, opts)).toEqual(argon2id('pw', salt, opts));
      const heavy = { m: 19_456, t: 2, p: 1, dkLen: 32 };
      const runs = Array.from({ length: 6 }, (_, i) =>
        hasher.argon2id(`pw${i}`, salt, heavy).then(
          () => 'done',
          (err: { code?: string; status?: number; details?: { retry_after?: number } }) => {
            expect(err.status).toBe(503);
            expect(err.details?.retry_after).toBeGreaterThan(0);
            return err.code;
          },
        ),
      );
      // One running, two waiting: the other three are refused at once.
      expect(await Promise.all(runs)).toEqual(['done', 'done', 'done', 'busy', 'busy', 'busy']);
      expect(hasher.waiting).toBe(0);
    } finally {
      await hasher.close();
    }
  }, 30_000);
});
