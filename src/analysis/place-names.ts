import { wordKey } from './normalize.js';

/*
 * The settlement value of a place that places.json does not rename: its common English
 * spelling (TAXONOMY.md: Zhezkazgan, Balkhash, Kulsary, Karaganda, not GeoNames' Zhezqazghan,
 * Balqash, Qulsary, Karagandy). English-language news romanize the Russian name of a town, the
 * one GeoNames lists among its alternate names; so the name is that Russian name, chosen as the
 * one closest to GeoNames' current name (Житикара rather than the old Джетыгара, Орал rather
 * than Уральск), romanized the way the press does (ж zh, х kh, ы y, -ый y, е ye after a vowel).
 * A place without a Russian name takes its plainest Latin name (Shu rather than Chu).
 */

const KAZAKH_OR_OTHER = /[әғқңөұүһіїєўґј]/i;
const CYRILLIC = /^[\p{Script=Cyrillic}\s'’-]+$/u;
const VOWEL = /[аеёиоуыэюяaeiouy]/i;

const ROMAN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/**
 * A Russian name romanized as English-language news write it.
 * @example romanizeRussian('Житикара') // 'Zhitikara'
 * @example romanizeRussian('Рудный') // 'Rudny'
 */
export function romanizeRussian(name: string): string {
  return name
    .split(/([\s-]+)/)
    .map((part) => {
      if (/^[\s-]+$/.test(part)) return part;
      const w = part
        .toLowerCase()
        .replace(/[ыи]й$/, 'y')
        .replace(/['’]/g, '');
      let out = '';
      for (let i = 0; i < w.length; i++) {
        const ch = w[i]!;
        const before = w[i - 1];
        const after = w[i + 1];
        if (ch === 'е') out += before && (VOWEL.test(before) || /[ьъ]/.test(before)) ? 'ye' : 'e';
        else if (ch === 'й' && before && VOWEL.test(before) && after && !VOWEL.test(after)) out += 'i';
        else out += ROMAN[ch] ?? ch;
      }
      return out.charAt(0).toUpperCase() + out.slice(1);
    })
    .join('');
}

/** Levenshtein distance of two short strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f’'ʼ]/g, '')
    .replace(/ı/g, 'i');

/** How far a Latin name is from the plain English spelling people use (lower is plainer). */
function latinPenalty(name: string): number {
  let p = 0;
  if (/[qQ]/.test(name)) p += 3;
  if (/gh/i.test(name)) p += 2;
  if (/^Dzh|^Dj/.test(name)) p += 2;
  if (/^Ch/.test(name)) p += 1;
  if (/[^A-Za-z\s-]/.test(plain(name))) p += 3;
  if (name !== plain(name)) p += 1;
  return p;
}

/**
 * The common English spelling of a GeoNames place from its name and alternate names.
 * @example commonName('Balqash', ['Balkhash', 'Балхаш', 'Балқаш']) // 'Balkhash'
 */
export function commonName(geonamesName: string, alternates: readonly string[]): string {
  const key = wordKey(geonamesName);
  const latinName = plain(geonamesName).toLowerCase();
  // The Kazakh name (Жітіқара, Ақтау) is the current one: the Russian name closest to it is the
  // Russian name in use now (Житикара, not the Soviet Джетыгара; Актау, not Шевченко).
  const kazakh = alternates.filter((a) => CYRILLIC.test(a) && /[әғқңөұүһі]/i.test(a)).map((a) => wordKey(a));
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const a of alternates) {
    if (!CYRILLIC.test(a) || KAZAKH_OR_OTHER.test(a)) continue;
    const k = wordKey(a);
    const toKazakh = kazakh.length > 0 ? Math.min(...kazakh.map((x) => distance(k, x))) : 0;
    // Then closest to GeoNames' name by key; among spellings of one key (Алматы, Алмати), the one
    // whose romanization is closest to GeoNames' Latin name.
    const d = toKazakh * 10 + distance(k, key) + distance(romanizeRussian(a).toLowerCase(), latinName) / 100;
    if (d < bestD) {
      best = a;
      bestD = d;
    }
  }
  if (best && bestD % 10 <= Math.max(2, Math.ceil(key.length * 0.4)) + 1) return romanizeRussian(best);
  const latin = [geonamesName, ...alternates].filter((a) => /^\p{Script=Latin}/u.test(a));
  latin.sort(
    (a, b) => latinPenalty(a) - latinPenalty(b) || distance(wordKey(a), key) - distance(wordKey(b), key),
  );
  return plain(latin[0] ?? geonamesName)
    .replace(/Q/g, 'K')
    .replace(/q/g, 'k')
    .replace(/gh/g, 'g');
}

/** A place's name in Russian and Kazakh Cyrillic; null where the data have none. */
export interface CyrillicNames {
  ru: string | null;
  kk: string | null;
}

/**
 * The Russian and Kazakh names of a place from its alternate names (GeoNames' and places.json's
 * aliases), to show a settlement value in the reader's language. Russian: the Cyrillic name
 * without Kazakh letters whose press romanization is closest to the English value; Kazakh: the
 * name with Kazakh letters closest to it. Where GeoNames lists no Kazakh spelling the name is
 * written alike in both (Атырау, Тараз) and the Russian one stands for both; with no Cyrillic
 * name close enough, null (the page then shows the English value, never a made-up name).
 *
 * @example cyrillicNames('Zhanaozen', ['Жанаозен', 'Жаңаөзен', 'Novyy Uzen']) // { ru: 'Жанаозен', kk: 'Жаңаөзен' }
 */
export function cyrillicNames(english: string, alternates: readonly string[]): CyrillicNames {
  const target = english.toLowerCase();
  let ru: string | null = null;
  let ruD = Number.POSITIVE_INFINITY;
  for (const a of alternates) {
    if (!CYRILLIC.test(a) || KAZAKH_OR_OTHER.test(a)) continue;
    const d = distance(romanizeRussian(a).toLowerCase(), target);
    if (d < ruD) {
      ru = a;
      ruD = d;
    }
  }
  if (ru !== null && ruD > Math.max(2, Math.ceil(target.length * 0.3))) ru = null;
  const kazakh = alternates.filter((a) => CYRILLIC.test(a) && /[әғқңөұүһі]/i.test(a));
  let kk: string | null = null;
  if (ru !== null) {
    const key = wordKey(ru);
    let kkD = Number.POSITIVE_INFINITY;
    for (const a of kazakh) {
      const d = distance(wordKey(a), key);
      if (d < kkD) {
        kk = a;
        kkD = d;
      }
    }
    // A Kazakh spelling far from the Russian one is another place's name: keep it only when it
    // is plainly the same word; otherwise the Russian name stands for both.
    if (kk === null || kkD > Math.max(2, Math.ceil(key.length * 0.4))) kk = ru;
  }
  return { ru, kk };
}
