import { cachedStatement, type Db } from '../store/db.js';

/*
 * The program's SQL: it reads the coded events' projection (src/store/projections/coded-events.ts)
 * and keeps no table of its own; planks and amendments live in organizing's versioned store.
 */

export interface EventDemandRow {
  d: string;
  date: string;
  admin1: string | null;
  participants: number;
  demands: string[];
  subEventType: string;
}

/**
 * Every published coded event that names a demand: the demands people raised, so not the
 * state's own measures (a concession names what it concedes; it is evidence, not support).
 * Events marked false count nowhere.
 */
export function eventsWithDemands(db: Db, desk: string | null): EventDemandRow[] {
  const rows = cachedStatement(
    db,
    `SELECT d, date, admin1, participants, demands, sub_event_type FROM proj_coded_events
     WHERE verification <> 'false' AND demands <> '' AND event_type <> 'state_measure' AND (@desk IS NULL OR pubkey = @desk)
     ORDER BY date, d`,
  ).all({ desk }) as {
    d: string;
    date: string;
    admin1: string | null;
    participants: number;
    demands: string;
    sub_event_type: string;
  }[];
  return rows.map((r) => ({
    d: r.d,
    date: r.date,
    admin1: r.admin1,
    participants: r.participants,
    demands: r.demands.split(',').filter(Boolean),
    subEventType: r.sub_event_type,
  }));
}

/** Concessions (state measures) that name one of the demands: evidence offered for "won". */
export function concessionsFor(db: Db, desk: string | null, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const rows = cachedStatement(
    db,
    `SELECT d, date, admin1, settlement, demands FROM proj_coded_events
     WHERE sub_event_type = 'concession' AND verification <> 'false' AND (@desk IS NULL OR pubkey = @desk)
       AND EXISTS (SELECT 1 FROM json_each(@codes) c WHERE instr(',' || demands || ',', ',' || c.value || ',') > 0)
     ORDER BY date DESC LIMIT 50`,
  ).all({ desk, codes: JSON.stringify(codes) }) as {
    d: string;
    date: string;
    admin1: string | null;
    settlement: string | null;
    demands: string;
  }[];
  return rows.map((r) => ({ ...r, demands: r.demands.split(',').filter(Boolean) }));
}

/** Whether a published concession event with this `d` exists. */
export function isConcession(db: Db, desk: string | null, d: string): boolean {
  return (
    cachedStatement(
      db,
      `SELECT 1 FROM proj_coded_events WHERE d = @d AND sub_event_type = 'concession'
       AND verification <> 'false' AND (@desk IS NULL OR pubkey = @desk)`,
    ).get({ d, desk }) !== undefined
  );
}
