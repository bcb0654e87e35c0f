import { loadLexicons } from './lexicons.js';
import { tokenize } from './normalize.js';

/** Which terms of which lexicon a text matches: for editors extending the lexicons (docs/analysis.md). */
export function explainMatches(text: string): Record<string, string[]> {
  const lex = loadLexicons();
  const tokens = tokenize(text);
  const out: Record<string, string[]> = {};
  for (const [name, group] of Object.entries(lex)) {
    if (name === 'negation') continue;
    const hits = (group as import('./lexicons.js').Group)
      .matches(tokens)
      .map((m) => `${m.term.label}: ${m.term.text}`);
    if (hits.length) out[name] = hits;
  }
  return out;
}
