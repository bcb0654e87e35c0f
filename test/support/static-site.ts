import { readFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/**
 * Any static web server hosting a mirror (`tilshi export site`) on 127.0.0.1 and a free port:
 * files as they are, 404 for the rest. While `node` is set, `/api/…` goes on to that node (as
 * where a mirror sits beside a node behind one proxy); while it is null, nothing answers there.
 */
export interface StaticSite {
  url: string;
  /** The node behind `/api/` (its base URL), or null: no node answers. */
  node: string | null;
  /** Every request seen: `METHOD /path`. */
  requests: string[];
  close(): Promise<void>;
}

export async function serveSite(dir: string): Promise<StaticSite> {
  const site: StaticSite = { url: '', node: null, requests: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    site.requests.push(`${req.method} ${path}`);
    if (site.node && path.startsWith('/api/')) {
      // The host header stays the mirror's: NIP-98 proofs name the address the page sees.
      const upstream = request(new URL(req.url ?? '/', site.node), {
        method: req.method,
        headers: req.headers,
      });
      upstream.on('response', (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const file = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(dir, file.endsWith('/') ? `${file}index.html` : file));
      res
        .writeHead(200, { 'content-type': TYPES[extname(file) || '.html'] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  site.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  site.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return site;
}
