// The editorial routes of the desk (inbox, clusters, events, articles, replies), typed as the
// node answers them. Types come from src/core; only types, so no schema code reaches the page.
import type { Suggestion } from '../../../src/analysis/suggest.js';
import type { CodedEventContent } from '../../../src/core/content.js';
import type { FoundEvent } from '../../../src/desk/event-search.js';
import type { Version } from '../../../src/desk/events.js';
import type { ClusterSummary } from '../../../src/desk/inbox.js';
import { ApiError, api } from '../shared/http.js';

export type { ClusterSummary, CodedEventContent, FoundEvent };

/** What the automatic coding suggests for a report (`src/analysis/suggest.ts`). */
export type ReportSuggestion = Suggestion;

export type ReportStatus = 'new' | 'noise' | 'attached' | 'unreadable';

export interface InboxReport {
  id: string;
  received_at: number;
  channel: string;
  lang: string | null;
  text: string;
  hints: Record<string, unknown> | null;
  suggestion: ReportSuggestion | null;
  cluster: string | null;
  cluster_size: number;
  cluster_sources: number;
  status: ReportStatus;
  event_id: string | null;
  /** Why a report is `unreadable` (the field that failed the report schema). */
  problem: string | null;
  reporter: string;
  /** The reporter's codename (src/core/codename.ts), as their report page shows it. */
  codename: string;
  /** How a reply reaches the reporter (src/desk/reply-route.ts). */
  reply_route?: 'relay' | 'unroutable' | 'sms' | 'sms_unavailable' | 'unknown';
}

export interface InboxFilters {
  status?: ReportStatus | 'all';
  cluster?: string;
  settlement?: string;
  lang?: string;
  channel?: string;
  q?: string;
  /** `confidence`: the least sure suggestions first (the node's default is newest first). */
  sort?: 'confidence';
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

/** A stored version of a record: `version` is its event id, what `prev` names. */
export type { Version };

export interface EventSummary {
  id: string;
  version: string;
  content: CodedEventContent;
  created_at: number;
  conflict: boolean;
}

export interface ArticleSummary {
  id: string;
  version: string;
  title: string;
  type: string;
  lang: string;
  created_at: number;
}

export interface ArticleInput {
  id?: string;
  title: string;
  type: 'news' | 'brief' | 'material';
  lang: 'ru' | 'kk' | 'en';
  markdown: string;
  topics?: string[];
  events?: string[];
}

export interface Reply {
  id: string;
  report_id: string | null;
  created_at: number;
  text: string;
}

/** An ApiError that keeps the error body's `details` (a 409 lists the current versions). */
export class DetailedApiError extends ApiError {
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown) {
    super(status, code, message);
    this.details = details;
  }
}

/** A POST whose error details matter (saves that can be stale): as `api`, keeping `details`. */
async function postDetailed<T>(path: string, csrf: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrf },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The node cannot be reached');
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
      ?.error;
    throw new DetailedApiError(
      res.status,
      typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      typeof error?.message === 'string' ? error.message : res.statusText,
      error?.details,
    );
  }
  if (data === undefined) throw new ApiError(res.status, 'bad_response', 'The answer is not JSON');
  return data as T;
}

/** The versions a 409 `stale_edit` says the save missed. */
export function staleVersions<T>(error: unknown): Version<T>[] | null {
  if (!(error instanceof DetailedApiError) || error.code !== 'stale_edit') return null;
  const current = (error.details as { current?: unknown } | undefined)?.current;
  return Array.isArray(current) ? (current as Version<T>[]) : [];
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function getInbox(
  filters: InboxFilters,
  cursor: string | null,
  limit = 50,
): Promise<Page<InboxReport>> {
  const body = await api<{ reports: InboxReport[]; next: string | null }>(
    `/api/v1/desk/inbox${query({ ...filters, cursor: cursor ?? undefined, limit })}`,
  );
  return { items: body.reports ?? [], next: body.next ?? null };
}

export function setStatus(
  csrf: string,
  ids: string[],
  status: 'noise' | 'new',
): Promise<{ updated: number }> {
  return api('/api/v1/desk/reports/status', { method: 'POST', csrf, body: { ids, status } });
}

export function attachToEvent(csrf: string, ids: string[], eventId: string): Promise<{ updated: number }> {
  return api('/api/v1/desk/reports/attach', { method: 'POST', csrf, body: { ids, event_id: eventId } });
}

/** Split (a new cluster name) or merge (an existing cluster id). */
export function assignCluster(csrf: string, ids: string[], cluster: string): Promise<{ updated: number }> {
  return api('/api/v1/desk/clusters/assign', { method: 'POST', csrf, body: { ids, cluster } });
}

/** Clusters whose reports match words or a place (in any script), for the merge picker. */
export async function findClusters(
  params: { q?: string; settlement?: string; exclude?: string },
  limit = 20,
): Promise<ClusterSummary[]> {
  const body = await api<{ clusters: ClusterSummary[] }>(
    `/api/v1/desk/clusters${query({ ...params, limit })}`,
  );
  return body.clusters ?? [];
}

/** The desk's events a few words point to (place in any script, date, type, id). */
export async function searchEvents(q: string, limit = 20): Promise<FoundEvent[]> {
  const body = await api<{ events: FoundEvent[] }>(`/api/v1/desk/events${query({ q, limit })}`);
  return body.events ?? [];
}

export function getReporter(
  pubkey: string,
): Promise<{ reporter: string; reports: InboxReport[]; replies: Reply[] }> {
  return api(`/api/v1/desk/reporters/${encodeURIComponent(pubkey)}`);
}

export function sendReply(
  csrf: string,
  body: { to: string; text: string; report_id?: string; lang?: string },
): Promise<{ id: string }> {
  return api('/api/v1/desk/replies', { method: 'POST', csrf, body });
}

export function getDraft(cluster: string): Promise<{ content: CodedEventContent; reports: InboxReport[] }> {
  return api(`/api/v1/desk/clusters/${encodeURIComponent(cluster)}/draft`);
}

export async function listEvents(cursor: string | null, limit = 50): Promise<Page<EventSummary>> {
  const body = await api<{ events: EventSummary[]; next: string | null }>(
    `/api/v1/desk/events${query({ limit, cursor: cursor ?? undefined })}`,
  );
  return { items: body.events ?? [], next: body.next ?? null };
}

export function getEvent(
  id: string,
): Promise<{ id: string; versions: Version<CodedEventContent>[]; conflict: boolean }> {
  return api(`/api/v1/desk/events/${encodeURIComponent(id)}`);
}

/** 409 `stale_edit` carries `details.current`; 400 `not_publishable` unless `publishUnverified`. */
export function saveEvent(
  csrf: string,
  content: CodedEventContent,
  prev: string[],
  publishUnverified: boolean,
): Promise<{ id: string; version: string }> {
  return postDetailed('/api/v1/desk/events', csrf, {
    content,
    prev,
    ...(publishUnverified ? { publish_unverified: true } : {}),
  });
}

export async function listArticles(): Promise<ArticleSummary[]> {
  const body = await api<{ articles: ArticleSummary[] }>('/api/v1/desk/articles');
  return body.articles ?? [];
}

export function saveArticle(
  csrf: string,
  input: ArticleInput,
  prev: string[],
): Promise<{ id: string; version: string }> {
  return postDetailed('/api/v1/desk/articles', csrf, { input, prev });
}

interface PublicEvent {
  id: string;
  created_at: number;
  tags: string[][];
  content: string;
}

/** The stored versions of an article, read from the public events (its markdown and links). */
export async function getArticleVersions(id: string): Promise<Version<ArticleInput>[]> {
  const body = await api<{ events: PublicEvent[] }>(
    `/api/v1/events${query({ kinds: 30023, d: id, limit: 20 })}`,
  );
  return (body.events ?? []).map((e) => articleFromEvent(e));
}

export function articleFromEvent(e: PublicEvent): Version<ArticleInput> {
  const tag = (name: string) => e.tags.find((t) => t[0] === name)?.[1];
  const ts = e.tags.filter((t) => t[0] === 't').map((t) => t[1] ?? '');
  const type = ts.find((t) => t === 'news' || t === 'brief' || t === 'material') ?? 'news';
  const lang = tag('lang');
  return {
    version: e.id,
    created_at: e.created_at,
    prev: e.tags.filter((t) => t[0] === 'prev').map((t) => t[1] ?? ''),
    content: {
      id: tag('d') ?? '',
      title: tag('title') ?? '',
      type: type as ArticleInput['type'],
      lang: lang === 'kk' || lang === 'en' ? lang : 'ru',
      markdown: e.content,
      topics: ts.filter((t) => t !== type),
      events: e.tags
        .filter((t) => t[0] === 'a' && t[1]?.startsWith('30620:'))
        .map((t) => t[1]!.split(':').slice(2).join(':')),
    },
  };
}
