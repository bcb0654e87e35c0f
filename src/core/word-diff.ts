/*
 * A word diff of two short texts (an amendment against its plank): what the desk shows when
 * an organizer proposes a new wording. Pure, so the desk page draws the same diff the node
 * answers. Texts are bounded by their schemas (2,000 characters), so the quadratic table of the
 * longest common subsequence stays small.
 */

export type DiffPart = { op: 'same' | 'add' | 'del'; text: string };

const MAX_WORDS = 600;

/**
 * @example wordDiff('raise wages by 20%', 'raise wages by 30%')
 *   // [{op:'same', text:'raise wages by '}, {op:'del', text:'20%'}, {op:'add', text:'30%'}]
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = before.split(/(\s+)/).filter(Boolean).slice(0, MAX_WORDS);
  const b = after.split(/(\s+)/).filter(Boolean).slice(0, MAX_WORDS);
  const n = a.length;
  const m = b.length;
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('del', a[i++]!);
    else push('add', b[j++]!);
  }
  while (i < n) push('del', a[i++]!);
  while (j < m) push('add', b[j++]!);
  return out;
}
