/**
 * Markers that would overlap at the current zoom are drawn as one: a cluster of settlements,
 * at their centre weighted by events, sized by their participants together. The node sends one
 * entry per settlement (a few hundred at most), so a greedy pass is fast enough on every zoom.
 */

export interface Place {
  settlement: string;
  admin1: string | null;
  /** Position in view units (already projected and zoomed). */
  x: number;
  y: number;
  count: number;
  participants: number;
}

export interface Cluster {
  x: number;
  y: number;
  count: number;
  participants: number;
  places: Place[];
}

/**
 * Group places closer than `distance` (view units) to a cluster's first, largest place. Larger
 * places anchor first, so a big town keeps its marker and small villages join it.
 *
 * @example cluster([{ x: 0, y: 0, count: 3, … }, { x: 5, y: 0, count: 1, … }], 10) // one cluster, count 4
 */
export function cluster(places: readonly Place[], distance: number): Cluster[] {
  const order = [...places].sort(
    (a, b) =>
      b.count - a.count || b.participants - a.participants || a.settlement.localeCompare(b.settlement),
  );
  const anchors: { x: number; y: number; members: Place[] }[] = [];
  const d2 = distance * distance;
  for (const place of order) {
    let home: (typeof anchors)[number] | undefined;
    let best = Number.POSITIVE_INFINITY;
    for (const anchor of anchors) {
      const dx = anchor.x - place.x;
      const dy = anchor.y - place.y;
      const d = dx * dx + dy * dy;
      if (d <= d2 && d < best) {
        best = d;
        home = anchor;
      }
    }
    if (home) home.members.push(place);
    else anchors.push({ x: place.x, y: place.y, members: [place] });
  }
  return anchors.map(({ members }) => {
    let count = 0;
    let participants = 0;
    let sx = 0;
    let sy = 0;
    for (const m of members) {
      const w = Math.max(1, m.count);
      count += m.count;
      participants += m.participants;
      sx += m.x * w;
      sy += m.y * w;
    }
    const weight = members.reduce((s, m) => s + Math.max(1, m.count), 0);
    return { x: sx / weight, y: sy / weight, count, participants, places: members };
  });
}
