import type { DemandsProgramContent } from './content.js';
import type { DemandClass } from './taxonomy.js';
import type { VoteResultContent } from './vote-records.js';

/*
 * The public program as `GET /api/v1/program` answers it (src/program/queries.ts makes it), the
 * static mirror writes it and draws its pages (src/situation/program-page.ts) and the /program
 * page reads it: declared once, here, for all of them.
 */

/** A demand as anyone may see it: a count below the threshold is null (withheld, not zero). */
export interface PublicDemand {
  key: string;
  code: string | null;
  class: DemandClass | null;
  label: string | null;
  support: {
    events: number | null;
    collectives: number | null;
    regions: number | null;
    people: number | null;
    first_seen: string | null;
    last_seen: string | null;
  };
}

/** Events naming a demand of each class, by month. */
export interface DemandsByMonth {
  month: string;
  economic: number;
  labour: number;
  political: number;
}

/** The newest program the desk published (30622). */
export interface PublishedProgram {
  content: DemandsProgramContent;
  created_at: number;
  id: string;
}

export interface PublicProgramView {
  threshold: number;
  demands: PublicDemand[];
  /** Demands in people's own words with nothing left to show, left out. */
  withheld: number;
  by_month: DemandsByMonth[];
  /** The published results of the closed votes. */
  votes: VoteResultContent[];
  published: PublishedProgram | null;
}
