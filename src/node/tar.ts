import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { TilshiError } from '../core/errors.js';

/**
 * A plain POSIX ustar archive of regular files, enough for a backup: `tar -tvf` lists it and
 * `tar -xf` unpacks it anywhere. Files are copied in 1 MiB steps, never held whole in memory.
 */

const BLOCK = 512;
const STEP = 1024 * 1024;

export interface TarSource {
  name: string;
  /** A file to copy in, or the bytes themselves. */
  path?: string;
  bytes?: Uint8Array;
}

export interface TarEntry {
  name: string;
  size: number;
  /** Where the entry's bytes start in the archive. */
  offset: number;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 99 || !/^[A-Za-z0-9._-]+$/.test(name))
    throw new TilshiError('bad_name', `cannot archive a file named ${JSON.stringify(name)}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'utf8');
  h.write(octal(0o600, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(mtime, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** Write `sources` as a tar to `out` (created with mode 0600, fsynced). */
export function writeTar(out: string, sources: TarSource[]): void {
  const fd = openSync(out, 'wx', 0o600);
  const mtime = Math.floor(Date.now() / 1000);
  const buf = Buffer.alloc(STEP);
  try {
    for (const src of sources) {
      if (src.bytes) {
        writeSync(fd, header(src.name, src.bytes.length, mtime));
        writeSync(fd, src.bytes);
        writeSync(fd, Buffer.alloc((BLOCK - (src.bytes.length % BLOCK)) % BLOCK));
        continue;
      }
      const inFd = openSync(src.path!, 'r');
      try {
        const size = fstatSync(inFd).size;
        writeSync(fd, header(src.name, size, mtime));
        let done = 0;
        while (done < size) {
          const n = readSync(inFd, buf, 0, Math.min(STEP, size - done), done);
          if (n === 0) throw new TilshiError('short_read', `${src.path} shrank while it was archived`);
          writeSync(fd, buf, 0, n);
          done += n;
        }
        writeSync(fd, Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK));
      } finally {
        closeSync(inFd);
      }
    }
    writeSync(fd, Buffer.alloc(BLOCK * 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const bad = (file: string, why: string) =>
  new TilshiError('bad_backup', `${file} is not a Tilshi backup: ${why}`);

/**
 * List a tar's regular files without reading their contents. Bounded: at most `maxEntries`
 * entries, every header's checksum checked, every size inside the file.
 */
export function listTar(file: string, maxEntries: number): TarEntry[] {
  const fd = openSync(file, 'r');
  try {
    const total = fstatSync(fd).size;
    const entries: TarEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let at = 0;
    while (true) {
      if (at + BLOCK > total) throw bad(file, 'it ends inside an entry');
      readSync(fd, h, 0, BLOCK, at);
      if (h.every((b) => b === 0)) return entries;
      if (entries.length >= maxEntries) throw bad(file, `more than ${maxEntries} entries`);
      const stored = Number.parseInt(h.toString('latin1', 148, 156).replace(/[\0 ]/g, ''), 8);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (stored !== sum) throw bad(file, `a header checksum is wrong at byte ${at}`);
      const type = h.toString('latin1', 156, 157);
      if (type !== '0' && type !== '\0') throw bad(file, 'it holds something other than plain files');
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = Number.parseInt(h.toString('latin1', 124, 136).replace(/[\0 ]/g, ''), 8);
      if (!Number.isSafeInteger(size) || size < 0) throw bad(file, `entry ${name} has no size`);
      const offset = at + BLOCK;
      if (offset + size > total) throw bad(file, `entry ${name} runs past the end (a truncated copy?)`);
      entries.push({ name, size, offset });
      at = offset + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    closeSync(fd);
  }
}

/** Copy one entry of a tar into `target` (created with mode 0600). */
export function extractTarEntry(file: string, entry: TarEntry, target: string): void {
  const inFd = openSync(file, 'r');
  const outFd = openSync(target, 'wx', 0o600);
  const buf = Buffer.alloc(Math.min(STEP, Math.max(entry.size, 1)));
  try {
    let done = 0;
    while (done < entry.size) {
      const n = readSync(inFd, buf, 0, Math.min(buf.length, entry.size - done), entry.offset + done);
      if (n === 0) throw bad(file, `entry ${entry.name} is cut short`);
      writeSync(outFd, buf, 0, n);
      done += n;
    }
    fsyncSync(outFd);
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}

/** Read one small entry into memory (bounded by `maxBytes`). */
export function readTarEntry(file: string, entry: TarEntry, maxBytes: number): Buffer {
  if (entry.size > maxBytes) throw bad(file, `entry ${entry.name} is larger than ${maxBytes} bytes`);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(entry.size);
    readSync(fd, buf, 0, entry.size, entry.offset);
    return buf;
  } finally {
    closeSync(fd);
  }
}
