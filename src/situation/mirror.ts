import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArticle } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import type { PublicProgramView } from '../core/program-view.js';
import { EVENT_TYPES } from '../core/taxonomy.js';
import type { TilshiNode } from '../node/node.js';
import { articlePage, articlePath } from './article-page.js';
import { situationBrief } from './brief.js';
import { collectiveCounts } from './collectives.js';
import { exportEventsText } from './export.js';
import { atomFeed, feedItems, jsonFeed } from './feeds.js';
import { learnSite } from './learn-site.js';
import { allMaterialPages, listMaterials } from './materials.js';
import { addDays } from './period.js';
import { PROGRAM_PAGES, programPages } from './program-page.js';
import { querySituation, situationOptions } from './query.js';

/*
 * A static mirror: the public page and its data as plain files that any web server or CDN can
 * host unchanged. The page finds out it runs from a mirror by fetching `mirror.json` (relative
 * to itself); the manifest names every data file, with paths relative to the mirror's root.
 */

export const MIRROR_FORMAT = 1;
/** Days the mirror's brief covers, ending on the latest event day. */
export const MIRROR_BRIEF_DAYS = 7;

export interface MirrorVariant {
  admin1: string | null;
  event_type: string | null;
  path: string;
}

/** What `mirror.json` holds. */
export interface MirrorManifest {
  mirror: true;
  format: number;
  generated_at: string;
  /**
   * The node the mirror was made from: its desk key and the work its nodes ask of a report
   * (the mirror's report page seals to that key and mines that work; absent in older mirrors).
   */
  node: { name: string; desk_pubkey: string | null; pow_difficulty?: number };
  situation: { all: string; variants: MirrorVariant[] };
  options: string;
  /** Published collectives by stage per region (absent in mirrors made before it). */
  collectives?: string;
  brief: { from: string | null; to: string | null; en: string; ru: string; kk: string };
  articles: string;
  exports: { geojson: string; csv: string; jsonl: string };
  feeds: { atom: string; json: string };
  /** Education material: the static /learn pages and the list as the API answers it. */
  learn: { page: string; materials: string };
  /**
   * The common program: `GET /api/v1/program` as a file and its page per language as plain
   * HTML (absent in mirrors made before it, or made without the program's view).
   */
  program?: { data: string; pages: Record<'ru' | 'kk' | 'en', string> };
}

export interface MirrorOptions {
  /** The built web apps (web/dist). */
  webRoot: string;
  /**
   * Absolute URL the mirror will be served from, for the feeds' links; default the node's
   * `public_url`; without either, links are relative.
   */
  baseUrl?: string | undefined;
  /**
   * The program's public view (`GET /api/v1/program`), which the program feature computes: the
   * caller hands it over (the situation imports no other feature). Without it the mirror has no
   * /program.
   */
  program?: PublicProgramView | undefined;
}

/** A file name from a region name: lowercase letters and digits, dashes. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'region';
}

/**
 * Write the mirror into `outDir` (created if needed; files of an earlier mirror are replaced).
 *
 * @example writeMirror(node, 'site', { webRoot: DEFAULT_WEB_ROOT }) // { dir, files }
 */
export function writeMirror(
  node: TilshiNode,
  outDir: string,
  options: MirrorOptions,
): { dir: string; files: number } {
  const dir = resolve(outDir);
  let files = 0;
  const write = (path: string, body: string) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
    files++;
  };
  const json = (path: string, value: unknown) => write(path, `${JSON.stringify(value)}\n`);

  // The pages, less the editorial desk (it needs a node and a sign-in).
  mkdirSync(dir, { recursive: true });
  if (existsSync(options.webRoot)) {
    for (const name of readdirSync(options.webRoot)) {
      // The /learn and /program apps need a node's API: the mirror has static pages of its own.
      if (['desk.html', 'learn.html', 'learn-sw.js', 'program.html'].includes(name)) continue;
      cpSync(join(options.webRoot, name), join(dir, name), { recursive: true });
      files++;
    }
  }

  const db = node.db;
  const situationOpts = situationOptions(db);
  json('api/v1/situation.json', querySituation(db));
  json('api/v1/situation/options.json', situationOpts);
  json('api/v1/situation/collectives.json', collectiveCounts(db));
  const variants: MirrorVariant[] = [];
  const used = new Set<string>();
  for (const type of EVENT_TYPES) {
    const path = `api/v1/situation/event_type/${type}.json`;
    json(path, querySituation(db, { event_type: type }));
    variants.push({ admin1: null, event_type: type, path });
  }
  for (const region of situationOpts.regions) {
    let name = slug(region);
    for (let i = 2; used.has(name); i++) name = `${slug(region)}-${i}`;
    used.add(name);
    const path = `api/v1/situation/admin1/${name}.json`;
    json(path, querySituation(db, { admin1: region }));
    variants.push({ admin1: region, event_type: null, path });
    for (const type of EVENT_TYPES) {
      const typed = `api/v1/situation/admin1/${name}/${type}.json`;
      json(typed, querySituation(db, { admin1: region, event_type: type }));
      variants.push({ admin1: region, event_type: type, path: typed });
    }
  }

  const to = situationOpts.date_max;
  const from = to ? addDays(to, -(MIRROR_BRIEF_DAYS - 1)) : null;
  for (const lang of ['en', 'ru', 'kk'] as const) {
    json(
      `api/v1/brief/${lang}.json`,
      situationBrief(db, from && to ? { lang, from, to } : { lang, hours: 24 }),
    );
  }
  const articles = node.log.query({ kinds: [Kind.Article], limit: 100 }, { as: 'public' });
  json('api/v1/events/articles.json', { events: articles });
  // Each article's own page, at exactly the path the feeds link to (no index, no redirect).
  const paged = new Set<string>();
  for (const event of articles) {
    let article: ReturnType<typeof parseArticle>;
    try {
      article = parseArticle(event);
    } catch {
      continue;
    }
    if (paged.has(article.id)) continue;
    paged.add(article.id);
    write(articlePath(article.id), articlePage(article, { siteName: node.config.name }));
  }
  write('api/v1/export/events.geojson', exportEventsText(db, 'geojson'));
  write('api/v1/export/events.csv', exportEventsText(db, 'acled-csv'));
  write('api/v1/export/events.jsonl', exportEventsText(db, 'jsonl'));
  const baseUrl = options.baseUrl ?? node.config.public_url;
  const feed = {
    title: node.config.name,
    publisher: node.deskPubkey ?? node.nodeKey.publicKey,
    ...(baseUrl ? { baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/` } : {}),
  };
  const items = feedItems(node.log);
  write('feed.atom', atomFeed(items, feed));
  write('feed.json', jsonFeed(items, feed));

  json('api/v1/materials.json', listMaterials(node));
  for (const [path, html] of learnSite(allMaterialPages(node), options)) write(path, html);

  if (options.program) {
    json('api/v1/program.json', options.program);
    for (const [path, html] of programPages(options.program, options)) write(path, html);
  }

  const manifest: MirrorManifest = {
    mirror: true,
    format: MIRROR_FORMAT,
    generated_at: new Date().toISOString(),
    node: {
      name: node.config.name,
      desk_pubkey: node.deskPubkey,
      pow_difficulty: node.config.pow_difficulty,
    },
    situation: { all: 'api/v1/situation.json', variants },
    options: 'api/v1/situation/options.json',
    collectives: 'api/v1/situation/collectives.json',
    brief: { from, to, en: 'api/v1/brief/en.json', ru: 'api/v1/brief/ru.json', kk: 'api/v1/brief/kk.json' },
    articles: 'api/v1/events/articles.json',
    exports: {
      geojson: 'api/v1/export/events.geojson',
      csv: 'api/v1/export/events.csv',
      jsonl: 'api/v1/export/events.jsonl',
    },
    feeds: { atom: 'feed.atom', json: 'feed.json' },
    learn: { page: 'learn/index.html', materials: 'api/v1/materials.json' },
    ...(options.program ? { program: { data: 'api/v1/program.json', pages: PROGRAM_PAGES } } : {}),
  };
  json('mirror.json', manifest);
  return { dir, files };
}
