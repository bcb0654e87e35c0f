// The /learn page's service worker, served at /learn-sw.js with the scope /learn (its own, not
// the report page's: each page's worker is rebuilt and replaced with its page, and the report
// page's stays within that page's size budget). It keeps the page and its assets (precached,
// versioned by the build) and every material the page fetched (network first, the last copy
// when the network fails or hangs), so that /learn and what was read there open offline.
// Nothing else is touched.

/** Set by the build: the URLs to keep and a hash of their contents. */
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
const sw = self as unknown as {
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
};

const PREFIX = 'tilshi-learn-';
const CACHE = PREFIX + __VERSION__;
/** Materials outlive a new build of the page: their cache is not versioned. */
const DATA = 'tilshi-learn-data';
/** How long to wait for the network before answering from the copy kept (a link that hangs). */
const NETWORK_WAIT_MS = 6_000;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(__PRECACHE__))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE && k !== DATA).map((k) => caches.delete(k)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

const isMaterials = (path: string) => path === '/api/v1/materials' || path.startsWith('/api/v1/materials/');

/** Network first; the kept copy when the network fails, or is slow and a copy exists. */
async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(DATA);
  const kept = await cache.match(request);
  const network = fetch(request).then((res) => {
    // Only answers worth keeping: a 404 (withdrawn) must not replace what a reader kept.
    if (res.ok) void cache.put(request, res.clone());
    return res;
  });
  if (!kept) return network;
  const late = new Promise<Response>((resolve) => setTimeout(() => resolve(kept), NETWORK_WAIT_MS));
  return Promise.race([network.catch(() => kept), late]);
}

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  const path = url.pathname;
  if (isMaterials(path)) {
    e.respondWith(networkFirst(e.request));
    return;
  }
  // `/learn/ID` is the same page as `/learn` (the script reads the path); assets are hashed.
  const key = path === '/learn' || path.startsWith('/learn/') ? '/learn' : path;
  if (!__PRECACHE__.includes(key)) return;
  e.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(e.request)),
  );
});
