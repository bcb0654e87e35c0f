import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { settlementsNamed } from '../analysis/index.js';
import { codename, normalizeCodename } from '../core/codename.js';
import { TilshiError } from '../core/errors.js';
import { buildDeskRecordRumor } from '../core/records.js';
import { HEX64, Hex64Schema } from '../core/zod-util.js';
import { sealRumor } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import type { Db } from '../store/db.js';
import { writeAudit } from './audit.js';
import { inboxWaiting } from './desk-queue.js';
import type { OpenedBody } from './inbox-types.js';
import { type RouteFacts, replyRoute } from './reply-route.js';
import {
  clusterStats,
  ensureConfidenceIndex,
  hasInbox,
  inboxPageRows,
  knownSettlements,
  type ReportRow,
  repliesTo,
  reportAuthors,
  reportCountsByStatus,
  unopenedCount,
} from './repository/index.js';

/** A node whose desk queue, when it runs, is told of the desk's own records at once. */
type InboxNode = TilshiNode & {
  desk?:
    | { applyOwn(wrapId: string, item: Extract<OpenedBody, { type: 'desk_record' | 'reply_copy' }>): void }
    | undefined;
};

/** Filters of the inbox list (the desk's query string and `tilshi inbox`). */
export const InboxQuerySchema = z
  .object({
    status: z.enum(['new', 'noise', 'attached', 'unreadable', 'all']).default('new'),
    cluster: z.string().max(100).optional(),
    settlement: z.string().max(200).optional(),
    lang: z.enum(['ru', 'kk', 'en']).optional(),
    channel: z.enum(['web', 'sms', 'bundle', 'cli', 'import']).optional(),
    /** One reporter's reports (their key). */
    reporter: z.string().regex(HEX64, 'must be 64 lowercase hex characters').optional(),
    q: z.string().trim().min(1).max(200).optional(),
    /**
     * `newest` first (the default), or `confidence`: the least sure suggestions first (the
     * `overall` confidence of the suggestion: type, place and noise), for reviewing in a surge.
     */
    sort: z.enum(['newest', 'confidence']).default('newest'),
    /** Opaque cursor from the previous page's `next`. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

/**
 * A report as the desk and `tilshi inbox --json` show it; with `facts`, also how a reply can
 * reach its reporter (`reply_route`, see reply-route.ts).
 */
export function presentReport(r: ReportRow, facts?: RouteFacts) {
  return {
    id: r.id,
    received_at: r.created_at,
    channel: r.channel,
    lang: r.lang,
    text: r.text,
    hints: r.hints ? (JSON.parse(r.hints) as unknown) : null,
    suggestion: r.suggestion ? (JSON.parse(r.suggestion) as unknown) : null,
    cluster: r.cluster,
    cluster_size: r.cluster_size,
    /** Independent sources in the cluster: reports from one reporter key or SMS sender count once. */
    cluster_sources: r.cluster_sources,
    status: r.status,
    event_id: r.event_id,
    /** Why a report is `unreadable`: the schema's message about the field that failed. */
    problem: r.problem,
    reporter: r.author,
    /** The reporter's codename, derived from their key as their report page derives it. */
    codename: codename(r.author),
    /** The node key of the node the reporter's page sent it to, if the report says. */
    via: r.via,
    ...(facts ? { reply_route: replyRoute(r, facts) } : {}),
  };
}

const encodeCursor = (r: { created_at: number; id: string; conf?: number }) =>
  Buffer.from(`${r.created_at}:${r.id}${r.conf === undefined ? '' : `:${r.conf}`}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: number; id: string; conf: number | null } {
  const [t, id, conf] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (
    !t ||
    !id ||
    !/^\d+$/.test(t) ||
    !/^[0-9a-f]{64}$/.test(id) ||
    (conf !== undefined && !/^(0|1)(\.\d{1,17})?$/.test(conf))
  ) {
    throw new TilshiError('invalid_cursor', 'the cursor is not one this node gave out');
  }
  return { createdAt: Number(t), id, conf: conf === undefined ? null : Number(conf) };
}

/**
 * `listInbox` on a store that may not have the inbox yet (a read-only look at a desk that no
 * writable node has opened since the inbox was added): an empty page then.
 */
export function listInboxIfBuilt(
  db: Db,
  query: Parameters<typeof listInbox>[1],
): ReturnType<typeof listInbox> {
  return hasInbox(db) ? listInbox(db, query) : { reports: [], next: null };
}

/**
 * The inbox's counts as a read-only look at the store finds them (`tilshi status`): reports by
 * status, the wraps no report came from (`unopened`), and those stored after the inbox's cursor
 * (`waiting`, opened when a node with the desk key runs). Null on a store without an inbox.
 */
export function inboxCountsIfBuilt(db: Db, deskPubkey: string | null): InboxCounts | null {
  if (!hasInbox(db)) return null;
  const byStatus = reportCountsByStatus(db);
  const n = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;
  return {
    reports: byStatus.reduce((sum, r) => sum + r.n, 0),
    new: n('new'),
    unreadable: n('unreadable'),
    unopened: unopenedCount(db),
    waiting: inboxWaiting(db, deskPubkey),
  };
}

export interface InboxCounts {
  reports: number;
  new: number;
  /** Wraps to the desk it could not open or read: listed with the reason (`tilshi inbox --status unreadable`). */
  unreadable: number;
  /** The desk's own wraps that held nothing the inbox keeps. */
  unopened: number;
  waiting: number;
}

/**
 * One page of the inbox, newest first, with keyset paging (the cost of a page does not grow
 * with its depth).
 *
 * @example
 *   listInbox(db, InboxQuerySchema.parse({ status: 'new', q: 'Жанаозен' })) // { reports, next }
 */
export function listInbox(
  db: Db,
  query: Omit<InboxQuery, 'sort'> & { sort?: InboxQuery['sort'] },
  facts?: RouteFacts,
) {
  const byConfidence = query.sort === 'confidence';
  if (byConfidence) ensureConfidenceIndex(db);
  let after: { createdAt: number; id: string; conf: number | null } | null = null;
  if (query.cursor) {
    after = decodeCursor(query.cursor);
    if (byConfidence !== (after.conf !== null)) {
      throw new TilshiError('invalid_cursor', 'the cursor belongs to another sort order');
    }
  }
  // A codename typed in the search ("K7QM-3XWD", any case): that reporter's reports, found by
  // deriving each reporter key's codename, as the report page and the desk derive them.
  const asCodename = query.q && query.q.includes('-') ? normalizeCodename(query.q) : null;
  const reporters = asCodename ? reportAuthors(db).filter((a) => codename(a) === asCodename) : [];
  const byCodename = reporters.length > 0;
  const rows = inboxPageRows(db, {
    status: query.status,
    cluster: query.cluster,
    // The place as typed, in any script and case ("жанаозен", "Zhanaozen"): the settlement
    // values it stands for, as the suggestions spell them.
    settlements:
      query.settlement === undefined
        ? undefined
        : settlementsNamed(query.settlement, knownSettlements(db)).slice(0, 20),
    lang: query.lang,
    channel: query.channel,
    reporter: query.reporter,
    ...(byCodename ? { reporters } : { q: query.q }),
    byConfidence,
    after,
    limit: query.limit + 1,
  });
  withClusterStats(db, rows);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  const next =
    more && last ? encodeCursor(byConfidence ? last : { created_at: last.created_at, id: last.id }) : null;
  return { reports: page.map((r) => presentReport(r, facts)), next };
}

/**
 * Size and independent sources of each cluster on a page, computed once per distinct cluster
 * (an index on (cluster, author) answers both without reading the reports).
 */
function withClusterStats(db: Db, rows: ReportRow[]): void {
  const clusters = [...new Set(rows.map((r) => r.cluster).filter((c): c is string => c !== null))];
  const stats = new Map<string, { size: number; sources: number }>();
  for (const f of clusterStats(db, clusters)) stats.set(f.cluster, f);
  for (const r of rows) {
    const st = r.cluster ? stats.get(r.cluster) : undefined;
    r.cluster_size = st?.size ?? 1;
    r.cluster_sources = st?.sources ?? 1;
  }
}

/** The replies the desk sent to one reporter, oldest first. */
export function listReplies(db: Db, reporter: string) {
  return repliesTo(db, reporter);
}

/**
 * Store an editorial decision as a desk record (4630) sealed to the desk itself, so that it
 * reaches every desk node by sync and survives a reindex; the inbox applies it.
 */
export function storeDeskRecord(
  node: InboxNode,
  content: { type: string; [k: string]: unknown },
  audit: { actor: string; action: string; target?: string; details?: Record<string, unknown> },
) {
  const desk = node.deskKey;
  if (!desk) throw new TilshiError('desk_locked', 'the desk key is not unlocked on this node', 503);
  const rumor = buildDeskRecordRumor(
    { id: `rec-${randomBytes(8).toString('hex')}`, ...content } as Parameters<typeof buildDeskRecordRumor>[0],
    { pubkey: desk.publicKey, createdAt: Math.floor(Date.now() / 1000) },
  );
  const wrap = sealRumor(rumor, desk.secretKey, desk.publicKey, { wrapSecretKey: desk.secretKey });
  node.ingest.storeOwn([wrap], () => {
    writeAudit(node.db, {
      actor: audit.actor,
      action: audit.action,
      target: audit.target ?? null,
      details: audit.details ?? null,
    });
    return true;
  });
  // The editor sees the decision on the next page, whatever the queue is still opening.
  node.desk?.applyOwn(wrap.id, { type: 'desk_record', content: JSON.parse(rumor.content) });
  return wrap;
}

const ReportIds = z.array(Hex64Schema).min(1).max(500);

/** Mark reports as noise (or back to new). */
export function setReportStatus(node: InboxNode, ids: string[], status: 'noise' | 'new', actor: string) {
  const reportIds = ReportIds.parse(ids);
  return storeDeskRecord(
    node,
    { type: 'report_status', report_ids: reportIds, status },
    {
      actor,
      action: `report.${status === 'noise' ? 'mark_noise' : 'mark_new'}`,
      details: { reports: reportIds.length },
    },
  );
}

/** Attach reports to a coded event (its record id, the `d` of the 30620). */
export function attachReports(node: InboxNode, ids: string[], eventId: string, actor: string) {
  const reportIds = ReportIds.parse(ids);
  return storeDeskRecord(
    node,
    { type: 'report_link', report_ids: reportIds, report_id: reportIds[0], event_id: eventId },
    {
      actor,
      action: 'report.attach',
      target: eventId,
      details: { reports: reportIds.length },
    },
  );
}

/** Move reports into another cluster (split or merge). */
export function assignCluster(node: InboxNode, ids: string[], cluster: string, actor: string) {
  const reportIds = ReportIds.parse(ids);
  return storeDeskRecord(
    node,
    { type: 'cluster_assign', report_ids: reportIds, cluster },
    {
      actor,
      action: 'cluster.assign',
      target: cluster,
      details: { reports: reportIds.length },
    },
  );
}

/** A cluster as the merge picker lists it: how big, from how many sources, and what it is about. */
export interface ClusterSummary {
  cluster: string;
  size: number;
  sources: number;
  settlement: string | null;
  /** The newest report's arrival and the start of its text. */
  latest_at: number;
  sample: string;
}

/**
 * Clusters whose reports match words of their text or a place (in any script), newest first:
 * what an editor picks from to merge a cluster into another. Looks through the newest 200
 * matching reports of any status.
 *
 * @example findClusters(db, { settlement: 'жанаозен', limit: 20 }) // [{ cluster, size, sources, … }]
 */
export function findClusters(
  db: Db,
  query: { q?: string; settlement?: string; exclude?: string; limit: number },
): ClusterSummary[] {
  const { reports } = listInbox(db, {
    status: 'all',
    limit: 200,
    ...(query.q ? { q: query.q } : {}),
    ...(query.settlement ? { settlement: query.settlement } : {}),
  });
  const found = new Map<string, ClusterSummary>();
  for (const r of reports) {
    if (!r.cluster || r.cluster === query.exclude || found.has(r.cluster)) continue;
    const suggestion = r.suggestion as { settlement?: string | null } | null;
    found.set(r.cluster, {
      cluster: r.cluster,
      size: r.cluster_size,
      sources: r.cluster_sources,
      settlement: suggestion?.settlement ?? null,
      latest_at: r.received_at,
      sample: r.text.slice(0, 160),
    });
    if (found.size >= query.limit) break;
  }
  return [...found.values()];
}
