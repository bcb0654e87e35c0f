// The taxonomy's demand codes by class, as the desk page hands them to this chunk (it holds
// them already for the event form; importing src/core/taxonomy-codes.ts here would move them
// into a shared file the page's first load fetches besides its own).
import type { Demand, DemandClass } from '../../../../src/core/taxonomy-codes.js';

export type DemandCodes = Readonly<Record<Demand, DemandClass>>;

let codes: DemandCodes | null = null;

/** Keep the codes the page gave (the entry does this on every render). */
export function useDemandCodes(given: DemandCodes): void {
  codes = given;
}

/** The demand codes grouped by class, classes and codes in the taxonomy's order. */
export function demandsByClass(): [DemandClass, Demand[]][] {
  const groups = new Map<DemandClass, Demand[]>();
  for (const [code, cls] of Object.entries(codes ?? {}) as [Demand, DemandClass][]) {
    groups.set(cls, [...(groups.get(cls) ?? []), code]);
  }
  return [...groups];
}
