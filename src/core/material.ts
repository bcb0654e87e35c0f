import { z } from 'zod';
import { LangSchema, parseArticle, RecordIdSchema } from './content.js';
import { ValidationError } from './errors.js';
import type { UnsignedEvent } from './event.js';
import { type NostrEvent, tagValue } from './event.js';
import { Kind } from './kinds.js';
import {
  isMaterialTopic,
  LANGUAGE_NAMESPACE,
  MATERIAL_DEMO_TAG,
  MATERIAL_TOPICS,
  type MaterialTopic,
  TRANSLATION_NAMESPACE,
} from './material-topics.js';
import { buildArticle, type EditOptions } from './records.js';

/*
 * Education material: a NIP-23 article (kind 30023) with `t`=`material`, filed under one or more
 * fixed topics (`t` tags), labelled with its language (NIP-32 `L`=`ISO-639-1`, `l`=ru|kk|en,
 * beside the `lang` tag every article has) and joined to its translations by a shared group
 * label (`L`=`tilshi/translation`, `l`=group id). A translation also points at the version it
 * was made from with an `a` tag, so a generic reader can follow it.
 */

export const MaterialTopicSchema = z.enum(MATERIAL_TOPICS);

/** A material as the desk writes it. */
export const MaterialInputSchema = z.strictObject({
  id: RecordIdSchema,
  title: z.string().trim().min(1).max(300),
  summary: z.string().max(2_000).optional(),
  lang: LangSchema,
  topics: z
    .array(MaterialTopicSchema)
    .min(1)
    .max(MATERIAL_TOPICS.length)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a topic'),
  markdown: z.string().min(1).max(200_000),
  /** The translation group; a new material starts its own (its id). */
  group: RecordIdSchema.optional(),
  /** The id of the material this one translates (same group). */
  translation_of: RecordIdSchema.optional(),
  /** Demo data: marked with `t`=`demo` like every demo record. */
  demo: z.boolean().optional(),
  /** Unix seconds of the first publication; an edit keeps it. */
  published_at: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40)
    .optional(),
});
export type MaterialInput = z.infer<typeof MaterialInputSchema>;

/** A material read back from its event. */
export interface Material {
  id: string;
  title: string;
  summary?: string;
  lang: 'ru' | 'kk' | 'en';
  topics: MaterialTopic[];
  group: string;
  translation_of: string | null;
  demo: boolean;
  published_at: number;
  markdown: string;
}

/**
 * Build a material (unsigned kind 30023). Throws ValidationError('invalid_content').
 *
 * @example buildMaterial({ id: 'safe-report-en', title: 'Send a report safely', lang: 'en', topics: ['safety'], markdown, group: 'safe-report' }, { pubkey: desk, createdAt: now })
 */
export function buildMaterial(input: MaterialInput, options: EditOptions): UnsignedEvent {
  const parsed = MaterialInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      'invalid_content',
      `material ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'is not valid'}`,
      { field: issue?.path.join('.') },
    );
  }
  const m = parsed.data;
  const unsigned = buildArticle(
    {
      id: m.id,
      title: m.title,
      ...(m.summary ? { summary: m.summary } : {}),
      type: 'material',
      lang: m.lang,
      topics: [...m.topics, ...(m.demo ? [MATERIAL_DEMO_TAG] : [])],
      markdown: m.markdown,
      ...(m.published_at !== undefined ? { published_at: m.published_at } : {}),
    },
    options,
  );
  const has = (t: string[]) =>
    unsigned.tags.some((u) => u.length === t.length && u.every((v, i) => v === t[i]));
  const add = (t: string[]) => {
    // Articles may come to carry the language label themselves: never twice.
    if (!has(t)) unsigned.tags.push(t);
  };
  add(['L', LANGUAGE_NAMESPACE]);
  add(['l', m.lang, LANGUAGE_NAMESPACE]);
  add(['L', TRANSLATION_NAMESPACE]);
  add(['l', m.group ?? m.id, TRANSLATION_NAMESPACE]);
  if (m.translation_of && m.translation_of !== m.id) {
    add(['a', `${Kind.Article}:${options.pubkey}:${m.translation_of}`, '', 'translation']);
  }
  add(['alt', `Education material: ${m.title}`]);
  return unsigned;
}

/** Whether an article event is a material (`t`=`material`). */
export function isMaterialEvent(event: Pick<NostrEvent, 'kind' | 'tags'>): boolean {
  return event.kind === Kind.Article && event.tags.some((t) => t[0] === 't' && t[1] === 'material');
}

/**
 * Read a material from its event. Topics outside the fixed list are ignored (a newer node may
 * know more); the group defaults to the material's own id. Throws ValidationError('invalid_content').
 *
 * @example const m = parseMaterial(event); m.group, m.topics
 */
export function parseMaterial(event: Pick<NostrEvent, 'kind' | 'tags' | 'content'>): Material {
  const article = parseArticle(event);
  if (article.type !== 'material') {
    throw new ValidationError('invalid_content', `article ${article.id} is ${article.type}, not material`);
  }
  const label = (ns: string) => event.tags.find((t) => t[0] === 'l' && t[2] === ns)?.[1];
  const group = label(TRANSLATION_NAMESPACE);
  const source = event.tags
    .find((t) => t[0] === 'a' && t[3] === 'translation')?.[1]
    ?.split(':')
    .slice(2)
    .join(':');
  return {
    id: article.id,
    title: article.title,
    ...(article.summary !== undefined ? { summary: article.summary } : {}),
    lang: article.lang,
    topics: article.topics.filter(isMaterialTopic),
    group: group && RecordIdSchema.safeParse(group).success ? group : article.id,
    translation_of: source && RecordIdSchema.safeParse(source).success ? source : null,
    demo: article.topics.includes(MATERIAL_DEMO_TAG),
    published_at: article.published_at,
    markdown: article.markdown,
  };
}

/** The `d` of a material event (its id), for callers that hold only the event. */
export function materialIdOf(event: Pick<NostrEvent, 'tags'>): string | undefined {
  return tagValue(event, 'd');
}
