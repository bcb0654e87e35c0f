/*
 * The topics of education material and their names, as plain data (no zod): the node's schemas,
 * the static mirror and the browser pages (which must not carry zod) all read this one list.
 */

/**
 * A free topic of an article (a `t` tag beside its type): a lowercase word of any script, so
 * that a Russian or Kazakh desk files news under "забастовка" or "жанаозен", not only Latin ones.
 * Letters, digits, `_` and `-`, up to 64, starting with a letter or digit.
 */
export const ARTICLE_TOPIC_PATTERN = /^[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}\p{Mn}_-]{0,63}$/u;

/** The fixed topics a material is filed under (one or more). */
export const MATERIAL_TOPICS = ['safety', 'organizing', 'rights', 'demands'] as const;
export type MaterialTopic = (typeof MATERIAL_TOPICS)[number];

/** A topic's name in each language of the interface. */
export const MATERIAL_TOPIC_LABELS: Readonly<Record<MaterialTopic, { ru: string; kk: string; en: string }>> =
  {
    safety: { ru: 'Безопасность', kk: 'Қауіпсіздік', en: 'Safety' },
    organizing: { ru: 'Организация', kk: 'Ұйымдастыру', en: 'Organizing' },
    rights: { ru: 'Права', kk: 'Құқықтар', en: 'Rights' },
    demands: { ru: 'Требования', kk: 'Талаптар', en: 'Demands' },
  };

/** Whether a `t` value is one of the material topics. */
export function isMaterialTopic(value: string): value is MaterialTopic {
  return (MATERIAL_TOPICS as readonly string[]).includes(value);
}

/** NIP-32 namespace of the ISO 639-1 language label (`L`/`l` tags) on a material. */
export const LANGUAGE_NAMESPACE = 'ISO-639-1';
/** NIP-32 namespace of the label that joins the ru/kk/en versions of one material. */
export const TRANSLATION_NAMESPACE = 'tilshi/translation';
/** The `t` value that marks a material as demo data (the demo's convention for every record). */
export const MATERIAL_DEMO_TAG = 'demo';
