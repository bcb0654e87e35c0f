import { LANGS, type Lang } from '../core/content.js';
import { NotFoundError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { renderMarkdown } from '../core/markdown.js';
import { isMaterialEvent, type Material, parseMaterial } from '../core/material.js';
import type { MaterialTopic } from '../core/material-topics.js';
import type { TilshiNode } from '../node/node.js';

/*
 * The public side of education material: the list by topic and language and one material with
 * its HTML and its translations, for `GET /api/v1/materials`, the /learn page and the static
 * mirror. Materials are desk-signed 30023 articles; any node (a relay too) answers from its log.
 */

/** Materials a node lists at most (the log's query limit bounds the work per request). */
export const MATERIALS_MAX = 1000;

export interface MaterialLink {
  id: string;
  lang: Lang;
  title: string;
}

export interface MaterialSummary extends Omit<Material, 'markdown'> {
  version: string;
  updated_at: number;
  /** The other languages of the same material (same translation group), by language order. */
  translations: MaterialLink[];
}

export interface MaterialPage extends MaterialSummary {
  markdown: string;
  /** The markdown as safe HTML (src/core/markdown.ts). */
  html: string;
}

interface Current {
  event: NostrEvent;
  material: Material;
}

/** Every current material, newest first, one per id (the newest of conflicting versions). */
function currentMaterials(node: Pick<TilshiNode, 'log' | 'deskPubkey'>): Current[] {
  if (!node.deskPubkey) return [];
  const seen = new Set<string>();
  const out: Current[] = [];
  const events = node.log.query(
    { kinds: [Kind.Article], authors: [node.deskPubkey], tags: { t: ['material'] }, limit: MATERIALS_MAX },
    { as: 'public' },
  );
  for (const event of events) {
    if (!isMaterialEvent(event)) continue;
    const id = tagValue(event, 'd') ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      out.push({ event, material: parseMaterial(event) });
    } catch {
      // Stored events passed validation; one that no longer parses is skipped, not fatal.
    }
  }
  return out;
}

function summarize(c: Current, all: Current[]): MaterialSummary {
  const { markdown: _markdown, ...rest } = c.material;
  const translations = all
    .filter((o) => o.material.group === c.material.group && o.material.id !== c.material.id)
    .sort((a, b) => LANGS.indexOf(a.material.lang) - LANGS.indexOf(b.material.lang))
    .map((o) => ({ id: o.material.id, lang: o.material.lang, title: o.material.title }));
  return { ...rest, version: c.event.id, updated_at: c.event.created_at, translations };
}

/**
 * Materials filtered by topic and language, newest first.
 *
 * @example listMaterials(node, { lang: 'kk', topic: 'safety' }).materials
 */
export function listMaterials(
  node: Pick<TilshiNode, 'log' | 'deskPubkey'>,
  filter: { topic?: MaterialTopic | undefined; lang?: Lang | undefined } = {},
): { materials: MaterialSummary[] } {
  const all = currentMaterials(node);
  return {
    materials: all
      .filter((c) => !filter.lang || c.material.lang === filter.lang)
      .filter((c) => !filter.topic || c.material.topics.includes(filter.topic))
      .map((c) => summarize(c, all)),
  };
}

/**
 * One material with its HTML and its translations. Throws NotFoundError('not_found').
 *
 * @example getMaterial(node, 'demo-safe-report-en').html
 */
export function getMaterial(node: Pick<TilshiNode, 'log' | 'deskPubkey'>, id: string): MaterialPage {
  const all = currentMaterials(node);
  const found = all.find((c) => c.material.id === id);
  if (!found) throw new NotFoundError('not_found', `no material ${id}`);
  return {
    ...summarize(found, all),
    markdown: found.material.markdown,
    html: renderMarkdown(found.material.markdown),
  };
}

/** Every material with its HTML (for the static mirror). */
export function allMaterialPages(node: Pick<TilshiNode, 'log' | 'deskPubkey'>): MaterialPage[] {
  const all = currentMaterials(node);
  return all.map((c) => ({
    ...summarize(c, all),
    markdown: c.material.markdown,
    html: renderMarkdown(c.material.markdown),
  }));
}
