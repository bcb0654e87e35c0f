import type { Lang } from '../core/content.js';
import type { BriefFacts } from './brief-facts.js';
import { BRIEF_SECTIONS, type BriefSection } from './brief-sections.js';
import { type BriefToken, BriefWriter } from './brief-writer.js';

/*
 * The brief's text, rendered from its facts in Russian, Kazakh or English, section by section
 * (brief-sections.ts): as plain paragraphs, as markdown with a heading per section, and a
 * summary made of the sections' lead sentences.
 */

export type { BriefToken } from './brief-writer.js';
export { factAt, ruPlural, signed } from './brief-writer.js';

/** One section as said: its heading (null for the opening paragraph) and its sentences. */
export interface RenderedSection {
  id: string;
  heading: string | null;
  text: string;
}

export interface RenderedBrief {
  /** Plain text: one paragraph per section, blank lines between. */
  text: string;
  /** Markdown: the same paragraphs, each section under a `##` heading. */
  markdown: string;
  /** The lead sentences of the sections: what a reader sees before opening the brief. */
  summary: string;
  sections: RenderedSection[];
  /** Every figure of `text`, in its order, with the fact it came from. */
  tokens: BriefToken[];
}

/**
 * The brief in one language, with the facts each figure came from.
 *
 * @example renderBrief(computeBriefFacts(db, { hours: 24 }), 'ru').markdown
 */
export function renderBrief(
  facts: BriefFacts,
  lang: Lang,
  sections: readonly BriefSection[] = BRIEF_SECTIONS,
): RenderedBrief {
  const w = new BriefWriter(facts, lang);
  const said: (RenderedSection & { from: number })[] = [];
  for (const section of sections) {
    if (!(section.shown ?? ((f: BriefFacts) => f.scale.events > 0))(facts)) continue;
    const from = w.sentences.length;
    section.render[lang](w);
    if (w.sentences.length === from) continue;
    const text = w.sentences
      .slice(from)
      .map((s) => s.text)
      .join(' ');
    said.push({ id: section.id, heading: section.heading?.[lang] ?? null, text, from });
  }
  const markdown = said
    .map((s) => (s.heading ? `## ${escapeMarkdown(s.heading)}\n\n` : '') + escapeMarkdown(s.text))
    .join('\n\n');
  return {
    text: said.map((s) => s.text).join('\n\n'),
    markdown: `${markdown}\n`,
    summary: w.sentences
      .filter((s) => s.lead)
      .map((s) => s.text)
      .join(' '),
    sections: said.map(({ from: _from, ...s }) => s),
    tokens: w.sentences.flatMap((s) => s.tokens),
  };
}

/** Names in the text come from coded events: a `*` or `[` in one is a character, not markup. */
function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]#<>]/g, (c) => `\\${c}`);
}
