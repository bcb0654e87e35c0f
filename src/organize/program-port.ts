import type { NostrEvent } from '../core/event.js';
import type { CollectiveRecord, OrganizeRecord, OrganizeRecordType } from '../core/organize-records.js';
import type { ProgramRecord, ProgramRecordType } from '../core/program-records.js';
import { store } from './commands.js';
import { collectiveHeads, mayWork, type Organize } from './context.js';
import { headsOf, headsOfType } from './repository.js';

/*
 * What organizing lends the program (src/program) through the caller: its versioned store of
 * desk records (versions, heads, conflicts, sealing and the audit row in one transaction), and
 * the collectives' demands. The program imports no feature; server and CLI hand it this.
 */

interface Row<T> {
  rumorId: string;
  createdAt: number;
  record: T;
}

/** The versioned store for the program's records (plank, amendment, program_meta, vote, ballot_codes). */
export function programRecordStore(org: Organize) {
  const rows = <T>(list: { rumorId: string; createdAt: number; record: OrganizeRecord }[]): Row<T>[] =>
    list.map((r) => ({ rumorId: r.rumorId, createdAt: r.createdAt, record: r.record as T }));
  return {
    write(
      records: ProgramRecord[],
      audit: { actor: string; action: string; target: string; details?: Record<string, unknown> },
      also: NostrEvent[] = [],
    ): string[] {
      return store(
        org,
        records.map((record) => ({ record })),
        audit,
        also,
      );
    },
    heads<T extends ProgramRecord>(type: ProgramRecordType, id: string): Row<T>[] {
      return rows<T>(headsOf(org.node.db, type as OrganizeRecordType, id));
    },
    all<T extends ProgramRecord>(type: ProgramRecordType): Row<T>[] {
      return rows<T>(headsOfType(org.node.db, type as OrganizeRecordType));
    },
  };
}

/** Every collective's demands with what support counting needs (no people, no names of people). */
export function collectiveDemands(org: Organize) {
  return headsOfType<CollectiveRecord>(org.node.db, 'collective').map(({ record: c, createdAt }) => ({
    id: c.id,
    name: c.name,
    admin1: c.admin1,
    headcount: c.headcount,
    demands: c.demands,
    date: new Date(createdAt * 1000).toISOString().slice(0, 10),
  }));
}

/** Organizing's compartments, as the program asks them: whether the actor works with a collective. */
export function collectiveAccess(org: Organize) {
  return (
    actor: { username: string; role: 'admin' | 'editor' | 'organizer' | 'viewer' },
    id: string,
  ): boolean => {
    const head = collectiveHeads(org, id)[0];
    return head !== undefined && mayWork(org, actor, head.record);
  };
}
