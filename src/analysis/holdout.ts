/*
 * What an honest evaluation holds out. Cross-validation scores the reports of one town (or one
 * event) with everything learned from the other folds; the hand-written data files cannot be
 * re-learned, but the entries of them that name a place or an enterprise are the ones most
 * likely to have been written with the corpus in view. Such entries carry the towns and
 * enterprises they name (explicitly in places.json and enterprises.json, found automatically for
 * lexicon terms), and are switched off while the fold that contains those towns or enterprises
 * is scored.
 */

export interface Holdout {
  /** Settlement values (common English spelling) of the held-out fold. */
  towns: ReadonlySet<string>;
  /** Enterprise names (registry names) of the held-out fold. */
  enterprises: ReadonlySet<string>;
}

/** What an entry of a data file names: towns and enterprises. Empty for general language. */
export interface Names {
  towns?: readonly string[];
  enterprises?: readonly string[];
}

/** Whether an entry that names these towns or enterprises is switched off under the holdout. */
export function heldOut(names: Names | undefined, holdout: Holdout | undefined): boolean {
  if (!holdout || !names) return false;
  for (const t of names.towns ?? []) if (holdout.towns.has(t)) return true;
  for (const e of names.enterprises ?? []) if (holdout.enterprises.has(e)) return true;
  return false;
}

/** A holdout of the given towns and enterprises. */
export function holdoutOf(towns: Iterable<string>, enterprises: Iterable<string> = []): Holdout {
  return { towns: new Set(towns), enterprises: new Set(enterprises) };
}
