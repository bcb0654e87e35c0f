import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  type: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  /** Hashed asset names never change: cache them for a year. */
  immutable: boolean;
}

/**
 * The built web apps, read into memory once and compressed once (brotli and gzip), so that a
 * page costs no disk read or compression per request: what a slow link needs most is few bytes.
 */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(root)) return files;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const type = TYPES[extname(name)] ?? 'application/octet-stream';
        const body = readFileSync(path);
        const compressible = /text|json|svg|javascript|manifest/.test(type) && body.length > 256;
        files.set(`/${relative(root, path).split('\\').join('/')}`, {
          type,
          body,
          // The build names every file under assets/ by its content hash.
          immutable: relative(root, path).split('\\').join('/').startsWith('assets/'),
          ...(compressible
            ? {
                gzip: gzipSync(body, { level: 9 }),
                br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
              }
            : {}),
        });
      }
    }
  };
  walk(root);
  return files;
}

/** Pick the smallest encoding the client accepts. */
export function negotiate(
  file: StaticFile,
  acceptEncoding: string | undefined,
): { body: Buffer; encoding?: string } {
  const accept = acceptEncoding ?? '';
  if (file.br && /\bbr\b/.test(accept)) return { body: file.br, encoding: 'br' };
  if (file.gzip && /\bgzip\b/.test(accept)) return { body: file.gzip, encoding: 'gzip' };
  return { body: file.body };
}
