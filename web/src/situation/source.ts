/**
 * Where the page reads its data: the node's API, or a static mirror (`tilshi export site`) that
 * holds the same answers as files named in `mirror.json`. A mirror has one file per region and
 * event type, for the whole period: there, dates cannot be chosen.
 */
import type { NostrEvent } from '../../../src/core/event.js';
import { ApiError } from '../shared/http.js';
import {
  type Brief,
  type EventDetail,
  type Filters,
  fetchBrief,
  fetchEvent,
  fetchHasDemo,
  fetchNews,
  fetchOptions,
  fetchSituation,
  normalizeSituation,
  type Options,
  type Situation,
} from './api.js';

/** What `mirror.json` names (src/situation/mirror.ts). */
export interface MirrorManifest {
  mirror: true;
  generated_at: string;
  situation: { all: string; variants: { admin1: string | null; event_type: string | null; path: string }[] };
  options: string;
  /** Published collectives by stage per region (mirrors made since they are counted). */
  collectives?: string;
  brief: { from: string | null; to: string | null; en: string; ru: string; kk: string };
  articles: string;
  /** The program's data and pages (mirrors made since the program is carried). */
  program?: { data: string; pages: Record<'ru' | 'kk' | 'en', string> };
}

export interface Source {
  /** Set when the page runs from a static mirror. */
  readonly mirror: MirrorManifest | null;
  situation(filters: Filters): Promise<Situation>;
  options(): Promise<Options>;
  brief(lang: 'en' | 'ru' | 'kk', period?: Situation['period']): Promise<Brief>;
  /** One event in full (a mirror holds none: it answers `not_in_mirror`). */
  event(id: string): Promise<EventDetail>;
  news(limit: number): Promise<NostrEvent[]>;
  hasDemo(): Promise<boolean>;
}

export const nodeSource: Source = {
  mirror: null,
  situation: fetchSituation,
  options: fetchOptions,
  brief: fetchBrief,
  event: fetchEvent,
  news: fetchNews,
  hasDemo: fetchHasDemo,
};

export function isMirrorManifest(data: unknown): data is MirrorManifest {
  const m = data as Partial<MirrorManifest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.mirror === true &&
    typeof m.situation?.all === 'string' &&
    Array.isArray(m.situation.variants) &&
    typeof m.options === 'string' &&
    typeof m.articles === 'string'
  );
}

/**
 * The mirror's file for the filters (dates are ignored: a mirror covers its whole period).
 * @example mirrorPath(manifest, { admin1: 'Almaty', event_type: '', from: '', to: '' }) // 'api/v1/situation/admin1/almaty.json'
 */
export function mirrorPath(manifest: MirrorManifest, filters: Filters): string | null {
  if (!filters.admin1 && !filters.event_type) return manifest.situation.all;
  const found = manifest.situation.variants.find(
    (v) => (v.admin1 ?? '') === filters.admin1 && (v.event_type ?? '') === filters.event_type,
  );
  return found?.path ?? null;
}

async function file<T>(path: string): Promise<T> {
  let res: Response;
  try {
    // Relative to the page: a mirror may be served from any folder.
    res = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The mirror cannot be reached');
  }
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
  return (await res.json().catch(() => {
    throw new ApiError(res.status, 'bad_response', 'The answer is not JSON');
  })) as T;
}

export function mirrorSource(manifest: MirrorManifest): Source {
  const articles = () => file<{ events?: NostrEvent[] }>(manifest.articles).then((b) => b.events ?? []);
  return {
    mirror: manifest,
    async situation(filters) {
      const path = mirrorPath(manifest, filters);
      if (!path) throw new ApiError(404, 'not_in_mirror', 'This copy has no data for that choice');
      return normalizeSituation(await file<Partial<Situation>>(path));
    },
    options: () =>
      file<Partial<Options>>(manifest.options).then((o) => ({
        regions: Array.isArray(o.regions) ? o.regions : [],
        event_types: Array.isArray(o.event_types) ? o.event_types : [],
        date_min: o.date_min ?? null,
        date_max: o.date_max ?? null,
        now: {},
        demo: false,
      })),
    event: () => Promise.reject(new ApiError(404, 'not_in_mirror', 'This copy holds no single events')),
    brief: (lang) =>
      file<Partial<Brief>>(manifest.brief[lang]).then((b) => ({
        text: typeof b.text === 'string' ? b.text : '',
        facts: typeof b.facts === 'object' && b.facts !== null ? b.facts : {},
      })),
    news: (limit) => articles().then((events) => events.slice(0, limit)),
    // A mirror holds articles, not the events' tags: demo briefs and news are tagged `t`=`demo`.
    hasDemo: () =>
      articles().then((events) => events.some((e) => e.tags.some((t) => t[0] === 't' && t[1] === 'demo'))),
  };
}

/**
 * The node when it answers; else a mirror when the page's folder has `mirror.json`. Asked
 * only after the node's API failed as a static server fails (404, or HTML instead of JSON), so
 * that a page served by a node makes no extra request.
 */
export async function findMirror(error: unknown): Promise<Source | null> {
  if (!(error instanceof ApiError)) return null;
  if (error.status !== 404 && error.status !== 405 && error.code !== 'bad_response') return null;
  try {
    const data = await file<unknown>('mirror.json');
    return isMirrorManifest(data) ? mirrorSource(data) : null;
  } catch {
    return null;
  }
}
