import type { DemandsProgramContent, Lang, ProgramDemand, PublishedPlank } from '../core/content.js';
import { LANGS } from '../core/content.js';
import { TilshiError, ValidationError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { type PlankRecord, PUBLISHED_STATUSES } from '../core/program-records.js';
import { buildArticle, buildDemandsProgram } from '../core/records.js';
import { DEMAND_CLASS } from '../core/taxonomy.js';
import { signEvent } from '../crypto/keys.js';
import { publicIdOf } from '../crypto/public-id.js';
import { programMeta, requireDrafter } from './commands.js';
import { type Actor, type Program, requireDesk } from './context.js';
import {
  type DemandItem,
  demandInventory,
  emptySupport,
  publicSeen,
  type Support,
  shown,
} from './inventory.js';
import { programMarkdown } from './program-text.js';
import { plankSupport } from './queries.js';
import { publishedPlankTally } from './votes.js';

/*
 * Publishing the adopted program: one 30622 record (`d`=program) with the planks, their
 * support (counts below the threshold withheld) and the overall tally of the vote that decided
 * each (null when there was none, or it is withheld), and one readable 30023 article per language (`d`=program-LANG, `t`=program). All
 * four are signed by the desk and stored in one transaction with the audit row; publishing
 * again makes an edit of each.
 */

export const PROGRAM_ID = 'program';

const publicSupport = (s: Support, threshold: number) => {
  const dates = publicSeen(s, threshold);
  return {
    events: shown(s.events, threshold),
    collectives: shown(s.collectives, threshold),
    regions: shown(s.regions, threshold),
    people: shown(s.people, threshold),
    ...(dates ? { first_seen: dates.first, last_seen: dates.last } : {}),
  };
};

/** The 30622 content of the program as it stands (adopted planks and their outcomes). */
export function programContent(program: Program): DemandsProgramContent {
  const { records, desk } = requireDesk(program);
  const inventory = demandInventory(program);
  const byKey = new Map<string, DemandItem>(inventory.demands.map((d) => [d.key, d]));
  const latest = new Map<string, PlankRecord>();
  for (const r of records.all<PlankRecord>('plank').sort((a, b) => a.createdAt - b.createdAt)) {
    latest.set(r.record.id, r.record);
  }
  const planks = [...latest.values()]
    .filter((p) => PUBLISHED_STATUSES.includes(p.status))
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  if (planks.length === 0)
    throw new ValidationError('nothing_adopted', 'no plank is adopted yet: nothing to publish');
  const t = program.threshold;
  const published: PublishedPlank[] = planks.map((p) => ({
    id: p.id,
    text: Object.fromEntries(LANGS.flatMap((l) => (p.text[l].trim() ? [[l, p.text[l].trim()]] : []))),
    status: p.status as PublishedPlank['status'],
    demands: p.demands,
    support: publicSupport(plankSupport(p, byKey), t),
    ...(p.evidence.length > 0 ? { evidence: p.evidence } : {}),
    vote: p.vote ? publishedPlankTally(program, p.vote, p.id) : null,
  }));
  const demands: ProgramDemand[] = [];
  for (const key of new Set(planks.flatMap((p) => p.demands))) {
    const d = byKey.get(key);
    const code = key.startsWith('text:') ? null : key;
    const text = code
      ? undefined
      : (planks.find((p) => p.demands.includes(key))?.labels?.[key] ?? d?.label ?? key);
    demands.push({
      code: code as ProgramDemand['code'],
      class: code ? DEMAND_CLASS[code as keyof typeof DEMAND_CLASS] : null,
      ...(text ? { text: text.slice(0, 1_000) } : {}),
      support: publicSupport(d?.support ?? emptySupport(), t),
    });
  }
  if (demands.length === 0) {
    throw new ValidationError('no_demands', 'the adopted planks link no demand of the inventory');
  }
  const meta = programMeta(program)[0]?.record;
  const endorsements = meta?.endorsements ?? [];
  const named = endorsements.flatMap((e) =>
    e.public && e.name ? [{ id: publicIdOf(desk, e.collective), name: e.name }] : [],
  );
  const title = meta?.title.ru || meta?.title.en || meta?.title.kk || 'Common program';
  const titles = meta
    ? Object.fromEntries(LANGS.flatMap((l) => (meta.title[l] ? [[l, meta.title[l]]] : [])))
    : {};
  return {
    id: PROGRAM_ID,
    title,
    ...(Object.keys(titles).length > 0 ? { titles } : {}),
    demands,
    planks: published,
    threshold: t,
    endorsements: {
      // A count below the threshold would say how few stand behind it: withheld, unless each
      // of them agreed to be named (then the names say it anyway).
      count: endorsements.length >= t || named.length === endorsements.length ? endorsements.length : null,
      named,
    },
    adopted: new Date().toISOString().slice(0, 10),
  };
}

/** The title of the program in a language (the 30622 carries one: Russian first). */
function titleIn(program: Program, lang: Lang): string {
  const meta = programMeta(program)[0]?.record;
  return meta?.title[lang] || meta?.title.ru || meta?.title.en || 'Common program';
}

/**
 * Sign and store the program: 30622 and a 30023 per language, audited together.
 * @example const { program: event, articles } = await publishProgram(program, { username: 'admin', role: 'admin' });
 */
export async function publishProgram(
  program: Program,
  actor: Actor,
): Promise<{ program: NostrEvent; articles: NostrEvent[] }> {
  requireDrafter(actor);
  const { desk, audit } = requireDesk(program);
  const content = programContent(program);
  const node = program.node;
  const current = (kind: number, d: string) =>
    node.log.query({ kinds: [kind], authors: [desk.publicKey], tags: { d: [d] }, limit: 5 }, { as: 'node' });
  const now = Math.floor(Date.now() / 1000);
  const after = (list: NostrEvent[]) => Math.max(now, ...list.map((e) => e.created_at + 1));
  const before = current(Kind.DemandsProgram, PROGRAM_ID);
  const record = signEvent(
    buildDemandsProgram(content, {
      pubkey: desk.publicKey,
      createdAt: after(before),
      prev: before.map((e) => e.id),
    }),
    desk,
  );
  const articles = LANGS.map((lang) => {
    const id = `${PROGRAM_ID}-${lang}`;
    const old = current(Kind.Article, id);
    const title = titleIn(program, lang);
    const firstPublished = old[0]?.tags.find((t) => t[0] === 'published_at')?.[1];
    return signEvent(
      buildArticle(
        {
          id,
          title,
          summary: title,
          type: 'program',
          lang,
          topics: [],
          markdown: programMarkdown(content, lang, title),
          ...(firstPublished ? { published_at: Number(firstPublished) } : {}),
        },
        { pubkey: desk.publicKey, createdAt: after(old), prev: old.map((e) => e.id) },
      ),
      desk,
    );
  });
  const answers = await node.ingest.submit([record, ...articles], 'submit', {
    alongside: () =>
      audit(node.db, {
        actor: actor.username,
        action: 'program.publish',
        target: PROGRAM_ID,
        details: {
          event_id: record.id,
          planks: content.planks?.length ?? 0,
          articles: articles.map((a) => a.id),
        },
      }),
  });
  const failed = answers.find((a) => !a?.ok);
  if (failed) {
    throw new TilshiError(
      failed.code ?? 'internal_error',
      failed.message ?? 'the program was not stored',
      failed.status ?? 500,
    );
  }
  return { program: record, articles };
}
