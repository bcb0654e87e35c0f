import { TilshiError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import type { ProgramRecord, ProgramRecordType } from '../core/program-records.js';
import type { OpenedBallot } from '../core/vote-records.js';
import type { KeyPair } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';
import type { Db } from '../store/db.js';

/*
 * The ports the program works through. It imports no other feature: the caller (server, CLI)
 * hands it organizing's versioned store of desk records and the collectives' demands
 * (src/organize/program-port.ts), and the desk's audit writer.
 */

/** A stored version of a record: its rumor id is the version an edit names in `prev`. */
export interface VersionRow<T> {
  rumorId: string;
  createdAt: number;
  record: T;
}

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** The versioned store of desk-private records (4630 sealed by the desk to itself). */
export interface ProgramRecordStore {
  /**
   * Seal and store the records with the audit row (and any public records `also`, signed by the
   * desk) in one transaction; answers their versions.
   */
  write(records: ProgramRecord[], audit: AuditEntry, also?: NostrEvent[]): string[];
  heads<T extends ProgramRecord>(type: ProgramRecordType, id: string): VersionRow<T>[];
  all<T extends ProgramRecord>(type: ProgramRecordType): VersionRow<T>[];
}

/** A collective's demands as counting needs them. */
export interface CollectiveDemands {
  id: string;
  name: string;
  admin1: string | null;
  headcount: number | null;
  demands: { code: string | null; text?: string }[];
  /** When it was recorded (YYYY-MM-DD). */
  date: string;
}

/** A ballot (4623) as the desk opened it, with its place in the desk's log: ballots are counted in this order. */
export type BallotView = OpenedBallot & { seq: number };

/** What the program reads of the ballots the desk opened (the server passes src/desk's queries). */
export interface BallotsPort {
  /** One vote's ballots (or all), in log order. */
  list(vote?: string): BallotView[];
  /** Resolves once every wrap stored so far has been opened by the desk queue. */
  settled(): Promise<void>;
}

export type AuditPort = (db: Db, entry: AuditEntry & { details?: Record<string, unknown> | null }) => void;

/** Who acts: a signed-in desk account (or the CLI acting as a named admin). */
export interface Actor {
  username: string;
  role: 'admin' | 'editor' | 'organizer' | 'viewer';
}

/** The program on a node: what every command and query takes. */
export interface Program {
  node: TilshiNode;
  /** The desk key (publishing); null on a relay, which only reads what was published. */
  desk: KeyPair | null;
  /** Null on a relay: no private records there. */
  records: ProgramRecordStore | null;
  collectives: () => CollectiveDemands[];
  audit: AuditPort | null;
  /** The ballots the desk opened; null where there is no desk queue (a relay, a test without one). */
  ballots: BallotsPort | null;
  /** Public views withhold counts below this (config `program.threshold`, default 3). */
  threshold: number;
  /**
   * Whether the actor works with this collective (organizing's compartments: an admin every
   * one, an organizer those they created or were assigned). Votes name a collective, and hand
   * out or take its codes, only to those who do, and to editors who open the votes.
   */
  mayWork: (actor: Actor, collective: string) => boolean;
}

export const DEFAULT_THRESHOLD = 3;

/**
 * The program on a node. A desk passes its ports; a relay passes none and serves the public
 * view from published records only.
 *
 * @example const program = attachProgram(node, { records: programRecordStore(org), collectives: () => collectiveDemands(org), audit: writeAudit });
 */
export function attachProgram(
  node: TilshiNode,
  ports: {
    records?: ProgramRecordStore;
    collectives?: () => CollectiveDemands[];
    audit?: AuditPort;
    ballots?: BallotsPort;
    mayWork?: (actor: Actor, collective: string) => boolean;
  } = {},
): Program {
  return {
    node,
    desk: node.deskKey ?? null,
    records: ports.records ?? null,
    collectives: ports.collectives ?? (() => []),
    audit: ports.audit ?? null,
    ballots: ports.ballots ?? null,
    threshold: node.config.program?.threshold ?? DEFAULT_THRESHOLD,
    mayWork: ports.mayWork ?? ((actor) => actor.role === 'admin'),
  };
}

/** The desk side of the program: its store and key, or 503 `desk_locked`. */
export function requireDesk(program: Program): {
  records: ProgramRecordStore;
  desk: KeyPair;
  audit: AuditPort;
} {
  if (!program.records || !program.desk || !program.audit) {
    throw new TilshiError('desk_locked', 'the program is drafted on a desk node with its key unlocked', 503);
  }
  return { records: program.records, desk: program.desk, audit: program.audit };
}
