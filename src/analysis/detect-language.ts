import { tokenize } from './normalize.js';
import { guessLang, type Lang } from './stem.js';

/**
 * The language of a text that declares none (an SMS): the analysis's own guess from its letters
 * and words, the one the coding uses. Kazakh letters win over Russian ones, Latin text with
 * English words is English, and Russian is the fallback.
 *
 * @example detectLanguage('Шахтёры не поднялись на смену') // 'ru'
 */
export function detectLanguage(text: string): Lang {
  return guessLang(tokenize(text));
}
