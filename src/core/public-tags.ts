import type { CodedEventContent, Lang } from './content.js';
import { encodeGeohash } from './geohash.js';

/*
 * Tags that let a generic Nostr client (one that knows NIP-23, NIP-31, NIP-32 and NIP-52, not
 * Tilshi) show a public record: a title, a summary, the language, where it happened. The
 * project's own tags (`lang`, `date`, the demand-class labels) stay beside them.
 */

/** NIP-32 namespace of language labels: `['L', 'ISO-639-1']`, `['l', 'ru', 'ISO-639-1']`. */
export const LANGUAGE_NAMESPACE = 'ISO-639-1';

/** Precisions of the `g` tags of a coded event, finest first: a relay matches `#g` exactly, so coarser cells let a client ask for a region. */
export const GEOHASH_TAG_PRECISIONS = [6, 5, 4, 3] as const;

/**
 * The NIP-32 language label of a record.
 *
 * @example languageLabelTags('kk') // [['L', 'ISO-639-1'], ['l', 'kk', 'ISO-639-1']]
 */
export function languageLabelTags(lang: Lang): string[][] {
  return [
    ['L', LANGUAGE_NAMESPACE],
    ['l', lang, LANGUAGE_NAMESPACE],
  ];
}

/**
 * `g` tags of a point, finest first (the first is the one the project reads).
 *
 * @example geohashTags(43.3412, 52.8619) // [['g', 'tu0rnd'], ['g', 'tu0rn'], ['g', 'tu0r'], ['g', 'tu0']]
 */
export function geohashTags(lat: number, lon: number): string[][] {
  const finest = encodeGeohash(lat, lon, GEOHASH_TAG_PRECISIONS[0]);
  return GEOHASH_TAG_PRECISIONS.map((p) => ['g', finest.slice(0, p)]);
}

/** The language of the title, summary and `alt` of a coded event: they are made from its codes. */
export const CODED_EVENT_TEXT_LANG: Lang = 'en';

const words = (code: string) => code.replaceAll('_', ' ');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Where a coded event happened, in words: "Zhanaozen, Mangystau" or the country. */
export function codedEventPlace(c: CodedEventContent): string {
  const parts = [c.location.settlement, c.location.admin1].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(', ') : c.location.country;
}

/**
 * The `title` of a coded event (NIP-23 style), made from its codes.
 *
 * @example codedEventTitle(strike) // 'Strike at Ozenmunaigas, Zhanaozen, Mangystau, 2022-01-02'
 */
export function codedEventTitle(c: CodedEventContent): string {
  const what = capital(words(c.sub_event_type));
  const at = c.enterprise ? ` at ${c.enterprise.name}` : '';
  return `${what}${at}, ${codedEventPlace(c)}, ${c.date}`.slice(0, 300);
}

const SUMMARY_NOTES_MAX = 400;

/**
 * The `summary` of a coded event: what, where, when, how many, demands, the state's response,
 * how sure the desk is, and the start of the desk's notes.
 *
 * @example codedEventSummary(strike) // 'Strike at Ozenmunaigas (oil gas) in Zhanaozen, Mangystau, Kazakhstan on 2022-01-02. Size: about a thousand. …'
 */
export function codedEventSummary(c: CodedEventContent): string {
  const sentences: string[] = [];
  const at = c.enterprise ? ` at ${c.enterprise.name} (${words(c.enterprise.sector)})` : '';
  const place = [c.location.settlement, c.location.admin1, c.location.country].filter(Boolean).join(', ');
  sentences.push(`${capital(words(c.sub_event_type))}${at} in ${place} on ${c.date}.`);
  if (c.size) {
    const figure = c.size.high !== null ? `${c.size.low}–${c.size.high}` : String(c.size.low);
    sentences.push(`Size: ${c.size.text.trim() || figure}${c.size.text.trim() ? ` (${figure})` : ''}.`);
  }
  if (c.demands.length > 0) sentences.push(`Demands: ${c.demands.map(words).join(', ')}.`);
  if (c.state_responses.length > 0)
    sentences.push(`State response: ${c.state_responses.map(words).join(', ')}.`);
  const counts = (
    [
      ['detained', c.detained],
      ['injured', c.injured],
      ['killed', c.fatalities],
    ] as const
  ).filter(([, n]) => n !== null && n > 0);
  if (counts.length > 0) sentences.push(`${capital(counts.map(([w, n]) => `${w} ${n}`).join(', '))}.`);
  sentences.push(`Organization: ${words(c.organization)}. Verification: ${c.verification}.`);
  const notes = c.notes?.trim();
  if (notes) {
    sentences.push(
      notes.length > SUMMARY_NOTES_MAX ? `${notes.slice(0, SUMMARY_NOTES_MAX - 1).trimEnd()}…` : notes,
    );
  }
  return sentences.join(' ');
}

/**
 * The `published_at` an edit keeps: the earliest one the current versions carry, or, for
 * versions made before the tag existed, the earliest of their times; undefined for a new record.
 *
 * @example firstPublishedAt(currentVersions) // 1641168000
 */
export function firstPublishedAt(
  versions: readonly { tags: string[][]; created_at: number }[],
): number | undefined {
  if (versions.length === 0) return undefined;
  const times = versions.map((v) => {
    const tagged = v.tags.find((t) => t[0] === 'published_at')?.[1];
    return tagged && /^\d{1,13}$/.test(tagged) ? Number(tagged) : v.created_at;
  });
  return Math.min(...times);
}

/** The tag of a published brief (30023, `t`=`brief`) that holds its facts as one JSON object. */
export const BRIEF_FACTS_TAG = 'facts';

/** How briefs published before the `facts` tag carried them: a JSON block closing the markdown. */
const LEGACY_FACTS_BLOCK = /```json\n([\s\S]*?)\n```\s*$/;

/**
 * The facts of a published brief: from its `facts` tag, or, for a brief published before the
 * tag existed, from the JSON block at the end of its markdown. Null when neither holds a JSON
 * object.
 *
 * @example briefFactsOf(event)?.scale
 */
export function briefFactsOf(event: { tags: string[][]; content: string }): Record<string, unknown> | null {
  const tagged = event.tags.find((t) => t[0] === BRIEF_FACTS_TAG)?.[1];
  const raw = tagged ?? LEGACY_FACTS_BLOCK.exec(event.content)?.[1];
  if (raw === undefined) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
