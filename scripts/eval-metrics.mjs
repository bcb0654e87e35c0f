// Scores of coding suggestions against a corpus's `gold` (used by scripts/eval.mjs): accuracy per
// single-valued field and micro-F1 per multi-valued field over the reports whose gold is an event,
// noise-detection F1, B-cubed F1 of clusters, per language, the confusion of event types and the
// calibration of the confidences.

export const SINGLE = [
  'event_type',
  'sub_event_type',
  'date',
  'settlement',
  'admin1',
  'enterprise',
  'organization',
  'size',
];
export const MULTI = ['actor_roles', 'tactics', 'demands', 'state_responses'];
export const TARGETS = {
  event_type: 0.85,
  sub_event_type: 0.75,
  settlement: 0.9,
  demands: 0.8,
  state_responses: 0.75,
  noise: 0.9,
  clusters: 0.8,
};

export const isNoise = (g) => !g || g.event_type === null;

export function norm(field, v) {
  if (v === undefined || v === null) return null;
  if (field === 'enterprise') return v.name;
  if (field === 'size') return `${v.low}-${v.high ?? ''}`;
  return v;
}

/** Whether the suggested value of a field is right (a multi-valued field: the same set). */
export function fieldCorrect(field, gold, s) {
  if (field === 'noise') return isNoise(gold) === s.noise;
  if (isNoise(gold))
    return s.noise || (s[field] ?? null) === null || (Array.isArray(s[field]) && s[field].length === 0);
  if (MULTI.includes(field)) {
    const want = new Set(gold[field] ?? []);
    const got = new Set(s.noise ? [] : (s[field] ?? []));
    return want.size === got.size && [...want].every((x) => got.has(x));
  }
  return norm(field, gold[field]) === (s.noise ? null : norm(field, s[field]));
}

/** [field, measure, score, n] rows for the reports at `idx`. */
export function scoreRows(reports, suggestions, idx, errors) {
  const rows = [];
  const events = idx.filter((i) => !isNoise(reports[i].gold));
  for (const field of SINGLE) {
    let ok = 0;
    for (const i of events) {
      const want = norm(field, reports[i].gold[field]);
      const got = suggestions[i].noise ? null : norm(field, suggestions[i][field]);
      if (want === got) ok++;
      else errors?.push(`${reports[i].id} ${field}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
    }
    rows.push([field, 'accuracy', events.length ? ok / events.length : Number.NaN, events.length]);
  }
  for (const field of MULTI) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const i of events) {
      const want = new Set(reports[i].gold[field] ?? []);
      const got = new Set(suggestions[i][field] ?? []);
      for (const x of got) want.has(x) ? tp++ : fp++;
      for (const x of want) if (!got.has(x)) fn++;
      if (!fieldCorrect(field, reports[i].gold, suggestions[i])) {
        errors?.push(
          `${reports[i].id} ${field}: want ${JSON.stringify([...want])} got ${JSON.stringify([...got])}`,
        );
      }
    }
    rows.push([field, 'micro-F1', f1(tp, fp, fn), events.length]);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const i of idx) {
    const want = isNoise(reports[i].gold);
    const got = suggestions[i].noise;
    if (got && want) tp++;
    else if (got) fp++;
    else if (want) fn++;
    if (got !== want) errors?.push(`${reports[i].id} noise: want ${want} got ${got}`);
  }
  rows.push(['noise', 'F1', f1(tp, fp, fn), idx.length]);
  return rows;
}

export function f1(tp, fp, fn) {
  if (tp + fp + fn === 0) return 1;
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/** B-cubed F1; reports without a gold cluster (noise), or without a predicted one, stand alone. */
export function bcubed(reps, predicted) {
  const gold = reps.map((r, i) => r.gold?.cluster ?? `gold-alone-${i}`);
  const pred = predicted.map((c, i) => c ?? `pred-alone-${i}`);
  let p = 0;
  let r = 0;
  for (let i = 0; i < reps.length; i++) {
    let samePred = 0;
    let sameGold = 0;
    let both = 0;
    for (let j = 0; j < reps.length; j++) {
      const g = gold[j] === gold[i];
      const q = pred[j] === pred[i];
      if (q) samePred++;
      if (g) sameGold++;
      if (g && q) both++;
    }
    p += both / samePred;
    r += both / sameGold;
  }
  p /= reps.length;
  r /= reps.length;
  return (2 * p * r) / (p + r);
}

/** Gold event type (or "noise") × suggested event type (or "noise"), as a markdown table. */
export function confusion(reports, suggestions) {
  const types = ['protest', 'riot', 'labour_action', 'state_measure', 'noise'];
  const m = new Map(types.map((t) => [t, new Map(types.map((u) => [u, 0]))]));
  reports.forEach((r, i) => {
    const g = isNoise(r.gold) ? 'noise' : r.gold.event_type;
    const s = suggestions[i].noise ? 'noise' : (suggestions[i].event_type ?? 'noise');
    m.get(g).set(s, m.get(g).get(s) + 1);
  });
  const lines = [
    `| gold \\ suggested | ${types.join(' | ')} |`,
    `|---|${types.map(() => '---:').join('|')}|`,
  ];
  for (const t of types) lines.push(`| ${t} | ${types.map((u) => m.get(t).get(u)).join(' | ')} |`);
  return lines.join('\n');
}

const BANDS = [
  [0, 0.5],
  [0.5, 0.7],
  [0.7, 0.9],
  [0.9, 1.0001],
];

/** Share correct per confidence band, for each field whose suggestion carries a confidence. */
export function calibration(reports, suggestions, fields) {
  const head = `| field | ${BANDS.map(([a, b]) => `${a.toFixed(1)}–${Math.min(b, 1).toFixed(1)}`).join(' | ')} |`;
  const lines = [head, `|---|${BANDS.map(() => '---').join('|')}|`];
  for (const field of fields) {
    const cells = BANDS.map(([lo, hi]) => {
      let n = 0;
      let ok = 0;
      reports.forEach((r, i) => {
        const c = suggestions[i].confidence?.[field];
        if (typeof c !== 'number' || c < lo || c >= hi) return;
        if (field !== 'noise' && isNoise(r.gold) && suggestions[i].noise) return;
        n++;
        if (fieldCorrect(field, r.gold, suggestions[i])) ok++;
      });
      return n ? `${(ok / n).toFixed(2)} (${n})` : '–';
    });
    lines.push(`| ${field} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
