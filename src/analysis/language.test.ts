import { describe, expect, it } from 'vitest';
import { suggestCodes } from './suggest.js';

/*
 * Each negation and precedence rule, in Russian, Kazakh and English, on reports written for the
 * test (towns and enterprises the corpora do not name). Rules only (no model), so that what is
 * tested is the language handling itself.
 */
const at = (text: string) =>
  suggestCodes({ text, received_at: '2024-03-12T18:00:00+05:00' }, { model: null });

describe('negation and absence', () => {
  it('a negation word before the term: nobody was detained is not arrests', () => {
    for (const text of [
      'В Шахтинске сотня жителей стояла у акимата, полиция никого не задерживала.',
      'Шахтинскіде әкімдік алдында жүз адам тұрды, полиция ешкімді ұстамады.',
      'In Shakhtinsk about a hundred residents stood outside the akimat; nobody was detained.',
    ]) {
      const s = at(text);
      expect(s.event_type, text).toBe('protest');
      expect(s.state_responses, text).not.toContain('arrests');
      expect(s.sub_event_type, text).toBe('peaceful_protest');
    }
  });

  it('"так и не", "never", a Kazakh negative verb: the official who did not come out is ignore, not negotiations', () => {
    for (const text of [
      'Аркалык. Пенсионеры третий час стоят у акимата, аким так и не вышел к людям.',
      'Арқалықта зейнеткерлер әкімдік алдында тұр, әкім халыққа шықпады.',
      'Arkalyk: pensioners have been standing outside the akimat for three hours, the akim never came out.',
    ]) {
      const s = at(text);
      expect(s.state_responses, text).toContain('ignore');
      expect(s.state_responses, text).not.toContain('negotiations');
    }
  });

  it('Kazakh -ма/-ме, -ба/-бе, -па/-пе and English "did not": the response did not happen', () => {
    expect(
      at('Степногорскіде жүзге жуық адам алаңға жиналды, полиция оларды таратпады.').state_responses,
    ).not.toContain('crowd_dispersal');
    expect(
      at('Степногорскіде жүз адам алаңға жиналды, ешкім қамауға алынбады.').state_responses,
    ).not.toContain('arrests');
    expect(
      at('Степногорскіде жүз адам алаңға жиналды, полиция ешкімді соққыға жықпады.').state_responses,
    ).not.toContain('beatings');
    expect(
      at('About a hundred people rallied in Stepnogorsk; police did not disperse the crowd.').state_responses,
    ).not.toContain('crowd_dispersal');
  });

  it('"жоқ", "емес", "не было", "no": denied violence is no riot', () => {
    for (const text of [
      'Экибастуз. Люди весь день стояли на площади, требуют снизить тарифы. Погромов не было.',
      'Екібастұзда адамдар алаңда тұр, тарифті төмендетуді талап етеді. Тонау болған жоқ, бұл бүлік емес.',
      'Ekibastuz: people stood on the square all day demanding lower tariffs. There was no looting.',
    ]) {
      const s = at(text);
      expect(s.event_type, text).toBe('protest');
    }
  });

  it('"нет" after the term: no detainees is no arrests', () => {
    expect(at('В Аксу у акимата двести человек, задержанных нет.').state_responses).not.toContain('arrests');
  });
});

describe('precedence of TAXONOMY.md', () => {
  it('the arrest of a union leader when no action is under way is a state measure', () => {
    for (const text of [
      'Ридер. Сегодня утром председателя профсоюза горняков увезли из дома полицейские. Никаких акций сейчас нет.',
      'Риддерде таңертең кеншілер кәсіподағының төрағасын полиция үйінен алып кетті, қазір ешқандай акция жоқ.',
      'Ridder: this morning police took the leader of the miners’ union from his home. There are no protests now.',
    ]) {
      expect(at(text).sub_event_type, text).toBe('arrests');
    }
  });

  it('arrests in a crowd are a response to the protest', () => {
    const s = at('В Аксу триста человек вышли на площадь, полиция задержала десятерых.');
    expect(s.event_type).toBe('protest');
    expect(s.sub_event_type).toBe('protest_with_intervention');
    expect(s.state_responses).toContain('arrests');
  });

  it('a price rollback or a signed agreement is a concession, even when the strike is mentioned', () => {
    for (const text of [
      'Аркалык. Акимат отменил повышение тарифа на воду, это после того как люди стояли у акимата.',
      'Аркалык: после трёх дней забастовки руководство автопарка подписало соглашение с водителями.',
      'Арқалықта әкімдік су тарифін бұрынғы деңгейге қайтарды, адамдар әкімдікке барғаннан кейін.',
      'Arkalyk: the akimat rolled back the water tariff after Monday’s protest outside the building.',
      'After a three-day strike the bus company in Arkalyk signed an agreement with the drivers.',
    ]) {
      expect(at(text).sub_event_type, text).toBe('concession');
    }
  });

  it('a cut of mobile internet is a shutdown, even when the protest is mentioned', () => {
    for (const text of [
      'В Аксу вырубили мобильный интернет, с площади видео не уходит.',
      'Ақсуда ұялы интернет өшірілді, алаңдағылар видео жібере алмай жатыр.',
      'Mobile internet has been down in Aksu since the evening, while people are still on the square.',
    ]) {
      const s = at(text);
      expect(s.sub_event_type, text).toBe('internet_shutdown');
      expect(s.demands, text).toEqual([]);
    }
  });

  it('troops sent in are force deployment', () => {
    for (const text of [
      'Утром в Аркалык зашли грузовики Нацгвардии, солдаты стоят у акимата.',
      'Арқалыққа таңертең ұлттық ұланның көліктері келді, сарбаздар әкімдік алдында тұр.',
      'This morning National Guard trucks entered Arkalyk and soldiers are standing at the akimat.',
    ]) {
      expect(at(text).sub_event_type, text).toBe('force_deployment');
    }
  });
});

describe('violence', () => {
  it('storming, setting fire, toppling and looting make a riot', () => {
    for (const text of [
      'В Аягозе толпа штурмовала акимат и подожгла машины полиции.',
      'Аягөзде жастар ескерткішті құлатты, дүкендерді тонады.',
      'In Ayagoz the crowd stormed the akimat, looted shops and set police cars on fire.',
      'Ayagoz: people pulled down the statue in the park with a rope tied to a truck.',
    ]) {
      expect(at(text).event_type, text).toBe('riot');
    }
  });

  it('fires lit to keep warm are not violence', () => {
    expect(at('Аягоз, ночь, люди на площади жгут костры, чтобы согреться.').event_type).toBe('protest');
    expect(at('Ayagoz, 2 am: people on the square are burning fires to keep warm.').event_type).toBe(
      'protest',
    );
  });

  it('shooting at unarmed people is excessive force, with the dead counted', () => {
    const ru = at('В Аягозе по безоружным людям на площади открыли огонь, погибли трое.');
    expect(ru.sub_event_type).toBe('excessive_force_against_protesters');
    expect(ru.state_responses).toEqual(expect.arrayContaining(['shootings', 'killings']));
    expect(ru.fatalities).toBe(3);
    const en = at('Security forces opened fire on unarmed protesters in Ayagoz; two people were killed.');
    expect(en.sub_event_type).toBe('excessive_force_against_protesters');
    expect(en.fatalities).toBe(2);
    const kk = at('Аягөзде алаңдағы қарусыз адамдарға оқ атты, екі адам қаза тапты.');
    expect(kk.sub_event_type).toBe('excessive_force_against_protesters');
    expect(kk.fatalities).toBe(2);
  });
});

describe('transliteration', () => {
  it('reads Russian and Kazakh typed in Latin letters, in both common transliterations', () => {
    expect(at('arkalyk zabastovka shahterov, trebuyut povysit zarplatu')).toMatchObject({
      event_type: 'labour_action',
      settlement: 'Arkalyk',
      demands: ['wages'],
    });
    expect(at('arqalyqta kenshiler ereuilge shyqty')).toMatchObject({
      event_type: 'labour_action',
      settlement: 'Arkalyk',
    });
    expect(at('Arqalyqta kenşıler ereuılge şyqty')).toMatchObject({ event_type: 'labour_action' });
  });
});
