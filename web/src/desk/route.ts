// The desk's routes: the hash names the editorial view (`#/inbox?status=new`, `#/cluster/ID`,
// `#/event/new?cluster=ID`, `#/event/ID`, `#/reporter/KEY`, `#/events`, `#/news`, `#/news/ID`,
// `#/transfer`, `#/organize`, `#/organize/ID`, `#/accounts`, `#/brief`, `#/peers` (admins), `#/program`,
// `#/materials`, `#/materials/new?translation_of=ID&lang=kk`, `#/materials/ID`). Pure: parsed and written here, drawn by app.tsx.

export type Route =
  | { name: 'overview' }
  | { name: 'inbox'; params: URLSearchParams }
  | { name: 'cluster'; cluster: string }
  | { name: 'event'; source: EventSource }
  | { name: 'reporter'; pubkey: string; report: string | null }
  | { name: 'events' }
  | { name: 'news' }
  | { name: 'article'; id: string | null }
  | { name: 'transfer' }
  | { name: 'accounts' }
  | { name: 'brief' }
  | { name: 'organize'; collective: string | null }
  | { name: 'materials'; arg: string | null; params: URLSearchParams }
  | { name: 'peers' }
  | { name: 'program' };

/** Where the event form starts from: a cluster's draft, a stored event, or nothing. */
export type EventSource =
  | { kind: 'cluster'; cluster: string }
  | { kind: 'event'; id: string }
  | { kind: 'blank' };

/** The navigation's sections, in order: `''` is the overview. */
export const SECTIONS = [
  '',
  'inbox',
  'events',
  'news',
  'materials',
  'transfer',
  'organize',
  'program',
  'accounts',
  'peers',
] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * The route of a location hash; an unknown one is the overview.
 * @example parseRoute('#/event/new?cluster=c1') // { name: 'event', source: { kind: 'cluster', cluster: 'c1' } }
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const params = new URLSearchParams(search);
  const [name = '', arg] = parts;
  switch (name) {
    case 'inbox':
      return { name: 'inbox', params };
    case 'cluster':
      return arg ? { name: 'cluster', cluster: arg } : { name: 'overview' };
    case 'event': {
      if (arg && arg !== 'new') return { name: 'event', source: { kind: 'event', id: arg } };
      const cluster = params.get('cluster');
      return { name: 'event', source: cluster ? { kind: 'cluster', cluster } : { kind: 'blank' } };
    }
    case 'reporter':
      return arg ? { name: 'reporter', pubkey: arg, report: params.get('report') } : { name: 'overview' };
    case 'events':
      return { name: 'events' };
    case 'news':
      if (!arg) return { name: 'news' };
      return { name: 'article', id: arg === 'new' ? null : arg };
    case 'transfer':
      return { name: 'transfer' };
    case 'accounts':
      return { name: 'accounts' };
    case 'brief':
      return { name: 'brief' };
    case 'organize':
      return { name: 'organize', collective: arg ?? null };
    case 'materials':
      return { name: 'materials', arg: arg ?? null, params };
    case 'peers':
      return { name: 'peers' };
    case 'program':
      return { name: 'program' };
    default:
      return { name: 'overview' };
  }
}

/** The navigation section a route belongs to (a cluster belongs to the inbox…). */
export function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'overview':
      return '';
    case 'inbox':
    case 'cluster':
    case 'reporter':
      return 'inbox';
    case 'event':
    case 'events':
      return 'events';
    case 'news':
    case 'article':
    case 'brief':
      return 'news';
    case 'accounts':
      return 'accounts';
    case 'transfer':
      return 'transfer';
    case 'organize':
      return 'organize';
    case 'materials':
    case 'peers':
    case 'program':
      return route.name;
  }
}

/**
 * A route's hash; empty parameters are left out.
 * @example hashFor('inbox', { q: 'газ', status: undefined }) // '#/inbox?q=%D0%B3...'
 */
export function hashFor(path: string, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const q = search.toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}
