import type { OpenedBallot } from '../core/vote-records.js';
import type { Db } from '../store/db.js';

// The shapes the desk queue, its worker and the inbox projection pass to each other, declared
// apart so that none of those modules imports another for a type.

/** What the analysis says of a report (the shape of `tilshi code suggest`). */
export interface Suggestion {
  event_type: string | null;
  settlement: string | null;
  noise: boolean;
  [field: string]: unknown;
}

/** The report as the analysis sees it. */
export interface ReportForAnalysis {
  id: string;
  text: string;
  lang: string | null;
  channel: string;
  receivedAt: number;
  author: string;
}

/**
 * Automatic coding and duplicate grouping, as the inbox uses them. `cluster` sees the
 * report and its suggestion and answers the id of the cluster it joins (or a new one);
 * it may read `proj_reports` to find candidates. `suggest` runs on the desk worker thread
 * when `suggestsInWorker` is set (the default analysis, which the worker can load itself);
 * any other analyzer's `suggest` runs on the main thread as each report is written.
 */
export interface InboxAnalyzer {
  suggest(report: ReportForAnalysis): Suggestion;
  cluster(db: Db, report: ReportForAnalysis, suggestion: Suggestion): string;
  /** The worker's own copy of the default analysis gives the same suggestions as `suggest`. */
  suggestsInWorker?: boolean;
}

/** A wrap addressed to the desk, as the desk queue hands it to be opened. */
export interface WrapToOpen {
  seq: number;
  /** The wrap's JSON as the log stores it. */
  raw: string;
}

/** A report whose fields passed the schema, with the analysis when the worker ran it. */
export interface OpenedReport extends ReportForAnalysis {
  hints: Record<string, unknown> | null;
  /** The key the reporter's page fetches replies with (absent on reports made before it existed). */
  replyKey: string | null;
  /** The node key of the node the reporter's page sent it to (where it fetches replies). */
  via: string | null;
  /** An SMS report's way back, opaque: only the intake node that sealed it can open it. */
  smsReturn: string | null;
}

/** A join request (4622) whose fields passed the schema, as the desk keeps it. */
export interface OpenedJoinRequest {
  /** The request's rumor id. */
  id: string;
  /** The applicant's key (the seal's author). */
  author: string;
  createdAt: number;
  pseudonym: string;
  enterprise: string | null;
  settlement: string | null;
  want: 'join' | 'start' | 'help';
  contact: string | null;
  message: string | null;
  collectiveId: string | null;
  lang: string | null;
  /** The key the /join page fetches replies with. */
  replyKey: string | null;
}

/**
 * What the inbox learns from one wrap. Everything here crosses from the worker to the main
 * thread by structured clone, so it is plain data.
 * - `report`: a valid report (4620) and, when the worker analysed it, its suggestion;
 * - `join_request`: a valid join request (4622), kept apart from the reports;
 * - `ballot`: a ballot (4623), valid or not, kept apart from everything else (counted by the program);
 * - `unreadable`: a report that opened but whose fields fail the schema: kept visible with the reason;
 * - `desk_record`, `reply_copy`: the desk's own records (4630) and copies of its replies (4621);
 * - `unopened`: a wrap that does not open with the desk key, or holds something the desk does
 *   not keep (a desk record sealed by someone else, a kind the inbox does not show): counted.
 */
export type OpenedWrap = { seq: number; wrapId: string } & OpenedBody;

/** What one wrap holds for the inbox, without where it sits in the log. */
export type OpenedBody =
  | { type: 'report'; report: OpenedReport; suggestion: Suggestion | null }
  | { type: 'join_request'; request: OpenedJoinRequest }
  | { type: 'ballot'; ballot: OpenedBallot }
  | {
      type: 'unreadable';
      id: string;
      author: string;
      createdAt: number;
      text: string;
      channel: string;
      reason: string;
    }
  | { type: 'desk_record'; content: Record<string, unknown> }
  | {
      type: 'reply_copy';
      id: string;
      reporter: string;
      reportId: string | null;
      createdAt: number;
      text: string;
    }
  | { type: 'unopened'; reason: string };

export type { OpenedBallot };
