import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/node.js';
import { extractTarEntry, listTar, readTarEntry, writeTar } from './tar.js';

describe('the backup archive (ustar)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  it('round-trips files of any size, and the system tar reads it', () => {
    const big = join(tmp.dir, 'big.bin');
    const bytes = randomBytes(3 * 1024 * 1024 + 77);
    writeFileSync(big, bytes);
    const out = join(tmp.dir, 'a.tar');
    writeTar(out, [
      { name: 'manifest.json', bytes: Buffer.from('{"a":1}') },
      { name: 'empty', bytes: new Uint8Array(0) },
      { name: 'big.bin', path: big },
    ]);
    const entries = listTar(out, 16);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['manifest.json', 7],
      ['empty', 0],
      ['big.bin', bytes.length],
    ]);
    expect(readTarEntry(out, entries[0]!, 100).toString()).toBe('{"a":1}');
    const back = join(tmp.dir, 'back.bin');
    extractTarEntry(out, entries[2]!, back);
    expect(readFileSync(back).equals(bytes)).toBe(true);
    expect(execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).trim().split('\n')).toEqual([
      'manifest.json',
      'empty',
      'big.bin',
    ]);
  });

  it('refuses a truncated archive, a bad header checksum, too many entries and odd names', () => {
    const out = join(tmp.dir, 'a.tar');
    writeTar(out, [
      { name: 'one', bytes: randomBytes(2000) },
      { name: 'two', bytes: randomBytes(10) },
    ]);
    expect(() => listTar(out, 1)).toThrow(expect.objectContaining({ code: 'bad_backup' }));

    const tampered = join(tmp.dir, 'b.tar');
    const raw = readFileSync(out);
    raw[3] = raw[3]! ^ 1; // a header byte: its checksum no longer matches
    writeFileSync(tampered, raw);
    expect(() => listTar(tampered, 16)).toThrow(/checksum/);

    truncateSync(out, 1500);
    expect(() => listTar(out, 16)).toThrow(expect.objectContaining({ code: 'bad_backup' }));

    expect(() => writeTar(join(tmp.dir, 'c.tar'), [{ name: '../escape', bytes: new Uint8Array(1) }])).toThrow(
      expect.objectContaining({ code: 'bad_name' }),
    );
  });
});
