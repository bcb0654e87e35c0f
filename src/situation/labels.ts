import type { Lang } from '../core/content.js';
import type { Demand } from '../core/taxonomy.js';

/** Demand labels for the brief's text (the dashboard has its own in web/i18n). */
export const DEMAND_LABELS: Readonly<Record<Demand, Record<Lang, string>>> = {
  fuel_prices: { en: 'fuel prices', ru: 'цены на топливо', kk: 'жанармай бағасы' },
  food_prices: { en: 'food prices', ru: 'цены на продукты', kk: 'азық-түлік бағасы' },
  utility_prices: { en: 'utility prices', ru: 'тарифы ЖКХ', kk: 'коммуналдық тарифтер' },
  wages: { en: 'wages', ru: 'зарплата', kk: 'жалақы' },
  wage_arrears: { en: 'wage arrears', ru: 'долги по зарплате', kk: 'жалақы берешегі' },
  working_conditions: { en: 'working conditions', ru: 'условия труда', kk: 'еңбек жағдайы' },
  jobs: { en: 'jobs', ru: 'рабочие места', kk: 'жұмыс орындары' },
  pensions: { en: 'pensions', ru: 'пенсии', kk: 'зейнетақы' },
  social_benefits: { en: 'social benefits', ru: 'социальные пособия', kk: 'әлеуметтік жәрдемақы' },
  housing: { en: 'housing', ru: 'жильё', kk: 'тұрғын үй' },
  nationalization: { en: 'nationalization', ru: 'национализация', kk: 'ұлттандыру' },
  union_rights: { en: 'union rights', ru: 'права профсоюзов', kk: 'кәсіподақ құқықтары' },
  right_to_strike: { en: 'the right to strike', ru: 'право на забастовку', kk: 'ереуілге құқық' },
  no_reprisals: { en: 'no reprisals', ru: 'отказ от преследований', kk: 'қудаламау' },
  reinstatement: { en: 'reinstatement', ru: 'восстановление на работе', kk: 'жұмысқа қайта алу' },
  collective_agreement: { en: 'a collective agreement', ru: 'коллективный договор', kk: 'ұжымдық шарт' },
  government_resignation: {
    en: 'the government’s resignation',
    ru: 'отставка правительства',
    kk: 'үкіметтің отставкасы',
  },
  president_resignation: {
    en: 'the president’s resignation',
    ru: 'отставка президента',
    kk: 'президенттің отставкасы',
  },
  regime_change: { en: 'regime change', ru: 'смена власти', kk: 'билікті ауыстыру' },
  release_detainees: {
    en: 'release of detainees',
    ru: 'освобождение задержанных',
    kk: 'ұсталғандарды босату',
  },
  free_elections: { en: 'free elections', ru: 'свободные выборы', kk: 'еркін сайлау' },
  freedom_of_assembly: { en: 'freedom of assembly', ru: 'свобода собраний', kk: 'жиналыс бостандығы' },
  local_official_dismissal: {
    en: 'dismissal of local officials',
    ru: 'отставка местных чиновников',
    kk: 'жергілікті шенеуніктердің отставкасы',
  },
  end_repression: { en: 'an end to repression', ru: 'прекращение репрессий', kk: 'қуғын-сүргінді тоқтату' },
};

/** Region names (the English names of January 2022, as coded) for the brief's text; the same as web/i18n's `situation.region.*`. */
export const REGION_LABELS: Readonly<Record<string, Record<Lang, string>>> = {
  Almaty: { en: 'Almaty', ru: 'Алматы', kk: 'Алматы' },
  Astana: { en: 'Astana', ru: 'Астана', kk: 'Астана' },
  Shymkent: { en: 'Shymkent', ru: 'Шымкент', kk: 'Шымкент' },
  'Akmola Region': { en: 'Akmola Region', ru: 'Акмолинская область', kk: 'Ақмола облысы' },
  'Aktobe Region': { en: 'Aktobe Region', ru: 'Актюбинская область', kk: 'Ақтөбе облысы' },
  'Almaty Region': { en: 'Almaty Region', ru: 'Алматинская область', kk: 'Алматы облысы' },
  'Atyrau Region': { en: 'Atyrau Region', ru: 'Атырауская область', kk: 'Атырау облысы' },
  'East Kazakhstan Region': {
    en: 'East Kazakhstan Region',
    ru: 'Восточно-Казахстанская область',
    kk: 'Шығыс Қазақстан облысы',
  },
  'Zhambyl Region': { en: 'Zhambyl Region', ru: 'Жамбылская область', kk: 'Жамбыл облысы' },
  'Karaganda Region': { en: 'Karaganda Region', ru: 'Карагандинская область', kk: 'Қарағанды облысы' },
  'Kostanay Region': { en: 'Kostanay Region', ru: 'Костанайская область', kk: 'Қостанай облысы' },
  'Kyzylorda Region': { en: 'Kyzylorda Region', ru: 'Кызылординская область', kk: 'Қызылорда облысы' },
  'Mangystau Region': { en: 'Mangystau Region', ru: 'Мангистауская область', kk: 'Маңғыстау облысы' },
  'North Kazakhstan Region': {
    en: 'North Kazakhstan Region',
    ru: 'Северо-Казахстанская область',
    kk: 'Солтүстік Қазақстан облысы',
  },
  'Pavlodar Region': { en: 'Pavlodar Region', ru: 'Павлодарская область', kk: 'Павлодар облысы' },
  'Turkestan Region': { en: 'Turkestan Region', ru: 'Туркестанская область', kk: 'Түркістан облысы' },
  'West Kazakhstan Region': {
    en: 'West Kazakhstan Region',
    ru: 'Западно-Казахстанская область',
    kk: 'Батыс Қазақстан облысы',
  },
};

/** A region's name in a language (as coded when it is not one of the regions of January 2022). */
export const regionName = (admin1: string, lang: Lang): string => REGION_LABELS[admin1]?.[lang] ?? admin1;
