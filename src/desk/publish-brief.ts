import type { Lang } from '../core/content.js';
import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { BRIEF_FACTS_TAG, firstPublishedAt } from '../core/public-tags.js';
import { buildArticle } from '../core/records.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { writeAudit } from './audit.js';

/**
 * The brief to publish, as a value: the situation feature computes it (`situationBrief`), the
 * desk signs and stores it without knowing how it was made.
 */
export interface BriefValue {
  /** Markdown with a heading per section. */
  markdown: string;
  /** A few sentences that sum the brief up (not its first paragraph). */
  summary: string;
  facts: { period: { from: string; to: string } };
}

export interface PublishBriefInput {
  lang: Lang;
  /** Record id (`d`); default `brief-FROM-TO-LANG`, so publishing the same period again edits it. */
  id?: string;
  title?: string;
  /** Extra topics (`t` tags) beside `brief`; `demo` is refused here (see `demo`). */
  topics?: string[];
  /**
   * Only the demo's seeding sets this: the brief gets the `demo` topic. A brief computed from a
   * desk's own data never carries it, whatever `topics` says.
   */
  demo?: boolean;
  /** Who publishes, for the audit log (a desk account's username, or `cli`). */
  actor?: string;
}

/** The default title of a brief article. */
export const BRIEF_TITLES: Record<Lang, (from: string, to: string) => string> = {
  en: (from, to) => `Situation brief, ${from} – ${to}`,
  ru: (from, to) => `Сводка о ситуации, ${from} — ${to}`,
  kk: (from, to) => `Жағдай туралы шолу, ${from} – ${to}`,
};

/** The closing note of a published brief: where its figures are. */
export const BRIEF_APPENDIX: Record<Lang, string> = {
  en: '*Made automatically from the events the desk has coded and published. Every figure, with its exact value, is in the `facts` tag of this record (JSON).*',
  ru: '*Составлено автоматически по событиям, которые редакция закодировала и опубликовала. Все цифры с точными значениями — в теге `facts` этой записи (JSON).*',
  kk: '*Редакция кодтап, жариялаған оқиғалар бойынша автоматты түрде жасалды. Барлық сандар нақты мәндерімен осы жазбаның `facts` тегінде (JSON).*',
};

/** The topic that marks demo data; only the demo's seeding puts it on a brief. */
const DEMO_TOPIC = 'demo';

/**
 * Publish the automatic brief of a period as an article (kind 30023, `t`=`brief`) signed by the
 * desk: the markdown has a heading per section and a closing note, `summary` sums it up, and the
 * facts travel in the `facts` tag as JSON (`briefFactsOf` reads them back), so a reader can
 * check every figure while a NIP-23 client shows only the text. Publishing the same period
 * again makes an edit.
 *
 * @example
 *   const brief = situationBrief(node.db, { lang: 'ru', from: '2022-01-02', to: '2022-01-08' });
 *   await publishBrief(node, { lang: 'ru', actor: 'admin' }, brief);
 */
export async function publishBrief<B extends BriefValue>(
  node: TilshiNode,
  input: PublishBriefInput,
  brief: B,
): Promise<{ event: NostrEvent; markdown: string; facts: B['facts'] }> {
  const desk = node.deskKey;
  if (!desk) throw new TilshiError('desk_locked', 'only a desk with its key unlocked publishes briefs', 403);
  const { facts } = brief;
  const { from, to } = facts.period;
  const id = input.id ?? `brief-${from}-${to}-${input.lang}`;
  const current = node.log.query(
    { kinds: [Kind.Article], authors: [desk.publicKey], tags: { d: [id] }, limit: 5 },
    { as: 'node' },
  );
  const markdown = `${brief.markdown.trimEnd()}\n\n---\n\n${BRIEF_APPENDIX[input.lang]}\n`;
  const topics = (input.topics ?? []).filter((t) => t !== DEMO_TOPIC);
  if (input.demo) topics.push(DEMO_TOPIC);
  const publishedAt = firstPublishedAt(current);
  const now = Math.floor(Date.now() / 1000);
  const unsigned = buildArticle(
    {
      id,
      title: input.title ?? BRIEF_TITLES[input.lang](from, to),
      summary: brief.summary.slice(0, 2_000),
      type: 'brief',
      lang: input.lang,
      topics,
      markdown,
      ...(publishedAt !== undefined ? { published_at: publishedAt } : {}),
    },
    {
      pubkey: desk.publicKey,
      createdAt: Math.max(now, ...current.map((e) => e.created_at + 1)),
      ...(current[0] ? { prev: current[0].id } : {}),
    },
  );
  for (const e of current.slice(1)) unsigned.tags.push(['prev', e.id]);
  unsigned.tags.push([BRIEF_FACTS_TAG, JSON.stringify(facts)]);
  const event = signEvent(unsigned, desk);
  // The audit row is written in the transaction that stores the brief: both or neither.
  const [answer] = await node.ingest.submit([event], 'submit', {
    alongside: () =>
      writeAudit(node.db, {
        actor: input.actor ?? 'cli',
        action: 'publish_brief',
        target: id,
        details: { from, to, lang: input.lang, event_id: event.id },
      }),
  });
  if (!answer?.ok) {
    throw new TilshiError(
      answer?.code ?? 'internal_error',
      answer?.message ?? 'the brief was not stored',
      answer?.status ?? 500,
    );
  }
  return { event, markdown, facts };
}
