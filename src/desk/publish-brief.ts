import type { Lang } from '../core/content.js';
import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { buildArticle } from '../core/records.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import { writeAudit } from './audit.js';

/**
 * The brief to publish, as a value: the situation feature computes it (`situationBrief`), the
 * desk signs and stores it without knowing how it was made.
 */
export interface BriefValue {
  text: string;
  facts: { period: { from: string; to: string } };
}

export interface PublishBriefInput {
  lang: Lang;
  /** Record id (`d`); default `brief-FROM-TO-LANG`, so publishing the same period again edits it. */
  id?: string;
  title?: string;
  /** Extra topics (`t` tags) beside `brief`, e.g. `demo`. */
  topics?: string[];
  /** Who publishes, for the audit log (a desk account's username, or `cli`). */
  actor?: string;
}

/** The default title of a brief article. */
export const BRIEF_TITLES: Record<Lang, (from: string, to: string) => string> = {
  en: (from, to) => `Situation brief, ${from} – ${to}`,
  ru: (from, to) => `Сводка о ситуации, ${from} — ${to}`,
  kk: (from, to) => `Жағдай туралы шолу, ${from} – ${to}`,
};

/**
 * Publish the automatic brief of a period as an article (kind 30023, `t`=`brief`) signed by the
 * desk: the text is the brief's, and the facts travel with it in the markdown as a JSON block,
 * so a reader can check every figure. Publishing the same period again makes an edit.
 *
 * @example
 *   const brief = situationBrief(node.db, { lang: 'ru', from: '2022-01-02', to: '2022-01-08' });
 *   await publishBrief(node, { lang: 'ru', actor: 'admin' }, brief);
 */
export async function publishBrief<B extends BriefValue>(
  node: TilshiNode,
  input: PublishBriefInput,
  brief: B,
): Promise<{ event: NostrEvent; text: string; facts: B['facts'] }> {
  const desk = node.deskKey;
  if (!desk) throw new TilshiError('desk_locked', 'only a desk with its key unlocked publishes briefs', 403);
  const { text, facts } = brief;
  const { from, to } = facts.period;
  const id = input.id ?? `brief-${from}-${to}-${input.lang}`;
  const current = node.log.query(
    { kinds: [Kind.Article], authors: [desk.publicKey], tags: { d: [id] }, limit: 5 },
    { as: 'node' },
  );
  const markdown = `${text}\n\n\`\`\`json\n${JSON.stringify(facts, null, 2)}\n\`\`\`\n`;
  const now = Math.floor(Date.now() / 1000);
  const unsigned = buildArticle(
    {
      id,
      title: input.title ?? BRIEF_TITLES[input.lang](from, to),
      summary: text.slice(0, 2_000),
      type: 'brief',
      lang: input.lang,
      topics: input.topics ?? [],
      markdown,
      ...(current[0]
        ? { published_at: Number(current[0].tags.find((t) => t[0] === 'published_at')?.[1]) }
        : {}),
    },
    {
      pubkey: desk.publicKey,
      createdAt: Math.max(now, ...current.map((e) => e.created_at + 1)),
      ...(current[0] ? { prev: current[0].id } : {}),
    },
  );
  for (const e of current.slice(1)) unsigned.tags.push(['prev', e.id]);
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
  return { event, text, facts };
}
