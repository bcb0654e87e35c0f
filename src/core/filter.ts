import { z } from 'zod';
import type { NostrEvent } from './event.js';
import { Hex64Schema } from './zod-util.js';

const hex64 = Hex64Schema;
const tagKey = /^#[a-zA-Z]$/;

/** Upper bounds that keep one subscription from scanning the whole log. */
export const FILTER_LIMITS = { maxValues: 1_000, maxLimit: 5_000, defaultLimit: 500 } as const;

const FilterBase = z.object({
  ids: z.array(hex64).max(FILTER_LIMITS.maxValues).optional(),
  authors: z.array(hex64).max(FILTER_LIMITS.maxValues).optional(),
  kinds: z.array(z.number().int().min(0).max(65_535)).max(FILTER_LIMITS.maxValues).optional(),
  since: z.number().int().min(0).optional(),
  until: z.number().int().min(0).optional(),
  limit: z.number().int().min(0).optional(),
});

/**
 * A NIP-01 filter. Single-letter tag filters (`#e`, `#p`, `#d`, `#t`, …) are kept in `tags`
 * keyed by the letter.
 */
export type Filter = z.infer<typeof FilterBase> & { tags?: Record<string, string[]> };

/** Parse one NIP-01 filter object; returns an error message instead of throwing. */
export function parseFilter(raw: unknown): { ok: true; filter: Filter } | { ok: false; message: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, message: 'a filter must be a JSON object' };
  }
  const base: Record<string, unknown> = {};
  const tags: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (tagKey.test(key)) {
      if (
        !Array.isArray(value) ||
        value.length > FILTER_LIMITS.maxValues ||
        !value.every((v) => typeof v === 'string')
      ) {
        return { ok: false, message: `${key} must be an array of strings` };
      }
      tags[key.slice(1)] = value as string[];
    } else if (key === 'search') {
      // NIP-50 is not supported; ignoring it would return unrelated events, so refuse.
      return { ok: false, message: 'search filters are not supported' };
    } else {
      base[key] = value;
    }
  }
  const parsed = FilterBase.strict().safeParse(base);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `bad filter: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  const filter: Filter = parsed.data;
  if (Object.keys(tags).length > 0) filter.tags = tags;
  return { ok: true, filter };
}

/** Whether an event matches a filter (NIP-01 semantics; `limit` does not apply here). */
export function matchFilter(filter: Filter, e: NostrEvent): boolean {
  if (filter.ids && !filter.ids.includes(e.id)) return false;
  if (filter.authors && !filter.authors.includes(e.pubkey)) return false;
  if (filter.kinds && !filter.kinds.includes(e.kind)) return false;
  if (filter.since !== undefined && e.created_at < filter.since) return false;
  if (filter.until !== undefined && e.created_at > filter.until) return false;
  if (filter.tags) {
    for (const [name, values] of Object.entries(filter.tags)) {
      if (!e.tags.some((t) => t[0] === name && t[1] !== undefined && values.includes(t[1]))) return false;
    }
  }
  return true;
}
