import { describe, expect, it } from 'vitest';
import { SuggestionSchema, suggestCodes } from './suggest.js';

const at = (text: string, received_at = '2023-11-02T18:00:00+06:00') => suggestCodes({ text, received_at });

describe('coding suggestions', () => {
  it('codes a strike in Russian with place, enterprise, demands and size', () => {
    const s = at(
      'Кульсары. Сегодня утром около двухсот рабочих Тенгизшевройла не вышли на смену, требуют повышения зарплаты.',
    );
    expect(SuggestionSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      event_type: 'labour_action',
      sub_event_type: 'strike',
      date: '2023-11-02',
      settlement: 'Kulsary',
      admin1: 'Atyrau Region',
      enterprise: { name: 'Tengizchevroil', sector: 'oil_gas' },
      demands: ['wages'],
      size: { low: 200, high: null },
      organization: 'spontaneous',
      noise: false,
    });
    expect(s.actor_roles).toContain('workers');
  });

  it('codes a Kazakh SMS and a transliterated Russian SMS', () => {
    expect(at('атырауда мұнайшылар ереуілге шықты жалақы көтерілсін 300 адам')).toMatchObject({
      event_type: 'labour_action',
      settlement: 'Atyrau',
      demands: ['wages'],
      size: { low: 300 },
    });
    expect(at('v uralske miting u akimata 200 chel trebuyut snizit ceny na gaz')).toMatchObject({
      event_type: 'protest',
      sub_event_type: 'peaceful_protest',
      settlement: 'Oral',
      tactics: ['rally'],
      demands: ['fuel_prices'],
    });
  });

  it('reads hurried spelling and the Kazakh Latin alphabet', () => {
    expect(at('Забостовка в Жезказгане прадолжается, шахтеры требуют павысить зарплату')).toMatchObject({
      event_type: 'labour_action',
      settlement: 'Zhezkazgan',
      demands: ['wages'],
    });
    expect(at('Qaraǵandyda shahterler ereýilge shyqty')).toMatchObject({
      event_type: 'labour_action',
      settlement: 'Karaganda',
    });
    expect(at('zabastovka na shahte v shahtinske 3 den, 500 chel')).toMatchObject({
      settlement: 'Shakhtinsk',
      size: { low: 500, high: null, text: '500 chel' },
    });
  });

  it('codes a protest met with force, and the responses, in English', () => {
    const s = at(
      'Yesterday in Satpayev about 150 miners gathered at the akimat demanding their wage arrears. Police dispersed them with batons and detained three men.',
    );
    expect(s).toMatchObject({
      event_type: 'protest',
      sub_event_type: 'excessive_force_against_protesters',
      date: '2023-11-01',
      settlement: 'Satpayev',
      admin1: 'Karaganda Region',
      demands: ['wage_arrears'],
    });
    expect(s.state_responses).toEqual(['arrests', 'beatings', 'crowd_dispersal']);
    expect(s.actor_roles).toContain('state_forces');
  });

  it('does not take negated responses', () => {
    const ru = at('В Таразе человек сто стояли у акимата, полиция никого не задерживала.');
    expect(ru.state_responses).toEqual([]);
    expect(ru.sub_event_type).toBe('peaceful_protest');
    expect(at('Таразда әкімдік алдында жүз адам тұр, ешкім ұсталған жоқ.').state_responses).toEqual([]);
    expect(
      at('In Taraz a hundred people rallied at the akimat, nobody was detained.').state_responses,
    ).toEqual([]);
  });

  it('codes a walkout, a hunger strike and a lockout', () => {
    expect(
      at('Dozens of nurses at the hospital in Taraz walked out for two hours over unpaid overtime.')
        .sub_event_type,
    ).toBe('walkout');
    expect(
      at('В Риддере пятеро уволенных горняков объявили голодовку, требуют восстановить на работе.'),
    ).toMatchObject({
      sub_event_type: 'hunger_strike',
      settlement: 'Ridder',
      demands: ['reinstatement'],
    });
    expect(
      at(
        'Атырау НПЗ: подрядчик не пускает рабочих на объект после того как они потребовали долги по зарплате',
      ).sub_event_type,
    ).toBe('lockout');
  });

  it('codes a riot', () => {
    const s = at('В Кентау толпа подожгла машины у акимата и бросала камни в полицию');
    expect(s.event_type).toBe('riot');
    expect(s.actor_roles).toContain('rioters');
  });

  it('follows the conventions for state measures: no demands, tactics or responses, organization unknown', () => {
    const s = at('Сегодня аким области объявил, что газ будет по 60 тенге, люди на площади остаются.');
    expect(s).toMatchObject({
      event_type: 'state_measure',
      sub_event_type: 'concession',
      demands: [],
      tactics: [],
      state_responses: [],
      organization: 'unknown',
      size: null,
    });
    expect(s.actor_roles).toEqual(['local_authorities']);
  });

  it('gives national measures no place, even when the writer names their town', () => {
    expect(
      at('Here in Semey nobody can get online: the internet was cut across the whole country'),
    ).toMatchObject({
      event_type: 'state_measure',
      sub_event_type: 'internet_shutdown',
      settlement: null,
      admin1: null,
    });
    expect(at('Президент принял отставку правительства')).toMatchObject({
      sub_event_type: 'dismissal',
      settlement: null,
    });
  });

  it('takes a region when no town is named, and a single-site enterprise for its town', () => {
    expect(at('Рабочие Эмбамунайгаза бастуют на месторождениях Атырауской области')).toMatchObject({
      settlement: null,
      admin1: 'Atyrau Region',
      enterprise: { name: 'Embamunaigas' },
    });
    expect(at('ССГПО: водители самосвалов бастуют')).toMatchObject({
      settlement: 'Rudny',
      admin1: 'Kostanay Region',
    });
  });

  it('names an enterprise the registry lacks from its quoted name and the kind of workplace', () => {
    expect(
      at('Сотрудники детского сада «Солнышко» в Таразе третий месяц без зарплаты, сегодня не вышли на работу')
        .enterprise,
    ).toEqual({
      name: 'Solnyshko kindergarten',
      sector: 'education',
    });
    expect(at('«Ақбота» балабақшасының тәрбиешілері ереуілге шықты').enterprise).toEqual({
      name: 'Akbota kindergarten',
      sector: 'education',
    });
    expect(at('Рабочие Донского ГОКа бастуют').enterprise?.name).toBe('Kazchrome');
  });

  it('calls an action organized only when a union or committee is tied to it', () => {
    expect(at('Костанай: по призыву профсоюза водители автобусов не вышли на маршрут').organization).toBe(
      'organized',
    );
    expect(at('Костанай: водители автобусов не вышли на маршрут').organization).toBe('spontaneous');
  });

  it('marks spam, questions, greetings and remembrance as noise with every field empty', () => {
    for (const text of [
      'Подскажите, пожалуйста, где можно получить справку о зарплате?',
      'Сәлем! Сайтқа қалай тіркелуге болады?',
      'Congratulations! You have won a prize, click the link',
      'test message please ignore',
      'Сегодня годовщина событий, нельзя забывать погибших.',
      'Слышал, что в Мангистау опять будут митинги, это правда?',
      '16 декабря 2011 года в Жанаозене полиция стреляла в бастующих нефтяников.',
    ]) {
      const s = at(text);
      expect(s.noise, text).toBe(true);
      expect(s).toMatchObject({
        event_type: null,
        settlement: null,
        date: null,
        demands: [],
        actor_roles: [],
      });
    }
  });
});
