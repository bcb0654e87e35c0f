// The service worker of a page that works offline, served at /sw.js with the scope /report (and
// at /join-sw.js with the scope /join, at /vote-sw.js with the scope /vote): it keeps the page
// and every asset it loads (script, style, proof-of-work worker) so that the page opens with no
// connection. Built by scripts/build-web.mjs, which fills in the list and a version; a new build
// changes this file, the browser installs it, and the old cache goes.
// Nothing else is cached: the API (sending, replies) always goes to the network.

/** Set by the build: the URLs to keep and a hash of their contents. */
declare const __PRECACHE__: string[];
declare const __VERSION__: string;
/** Set by the build: the page's own cache names start with it (tilshi-report-, tilshi-join-, tilshi-vote-). */
declare const __CACHE_PREFIX__: string;

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

const PREFIX = __CACHE_PREFIX__;
/** One copy of the list (the build writes the literal wherever __PRECACHE__ stands). */
const PRECACHE = __PRECACHE__;
// The page's own path: `/report` on a node, `/report.html` on a static mirror, which names it
// when it registers the worker (`?page=`); only a path under the page's own is taken.
const page = new URL(sw.location.href).searchParams.get('page');
if (page?.startsWith(`${PRECACHE[0]}.`)) PRECACHE[0] = page;
const CACHE = PREFIX + __VERSION__;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  // By path: the page under any query string is the same page; assets are content-hashed.
  const key = url.pathname;
  if (!PRECACHE.includes(key)) return;
  e.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(e.request)),
  );
});
