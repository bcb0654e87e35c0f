import type { Db } from '../store/db.js';
import { type RouteOfReport, reportRouteRow } from './repository/index.js';

/**
 * How a reply (and the desk's receipt) can reach a reporter:
 * - `relay`: the report came through a node replies reach: this one, a peer of its config.json,
 *   or a relay on the desk's trusted list (kind 10621); the reporter's page fetches them there;
 * - `unroutable`: the report came through a node that is none of those, so nothing the desk
 *   sends will reach the node the reporter's page asks (until that relay is trusted or a peer);
 * - `sms`: an SMS report this node can answer through its SMS gateway;
 * - `sms_unavailable`: an SMS report with no way back from here (no `sms_gateway`, or the SMS
 *   came in through another node's gateway);
 * - `unknown`: the report does not say where it came from (command line, imports, Nostr
 *   clients, reports from before `via`): replies go out as sealed wraps, as always.
 */
export type ReplyRoute = 'relay' | 'unroutable' | 'sms' | 'sms_unavailable' | 'unknown';

/** What the caller knows of the network and the gateway (the desk knows neither). */
export interface RouteFacts {
  /** Whether wraps stored here reach the node with this key (this node, a peer, a trusted relay). */
  reaches(nodeKey: string): boolean;
  /** Whether this node can send an SMS reply for this report's `sms_return` token. */
  canSms(token: string | null): boolean;
}

/** Where a report says it came from, as the inbox keeps it. */
export type { RouteOfReport } from './repository/index.js';

/**
 * @example replyRoute({ channel: 'web', via: relayKey, sms_return: null }, facts) // 'unroutable'
 */
export function replyRoute(report: RouteOfReport, facts: RouteFacts): ReplyRoute {
  if (report.channel === 'sms') return facts.canSms(report.sms_return) ? 'sms' : 'sms_unavailable';
  if (report.via) return facts.reaches(report.via) ? 'relay' : 'unroutable';
  return 'unknown';
}

/**
 * The report a reply to `reporter` answers, for its route: the one named, else the reporter's
 * newest. Undefined when the desk holds no report of theirs.
 */
export function routeOfReply(db: Db, reporter: string, reportId?: string): RouteOfReport | undefined {
  return reportRouteRow(db, reporter, reportId);
}
