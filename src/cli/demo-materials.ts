import type { Lang } from '../core/content.js';
import type { MaterialTopic } from '../core/material-topics.js';
import { materialEverPublished, publishMaterial } from '../desk/materials.js';
import type { TilshiNode } from '../node/node.js';

/*
 * The demo's two starter materials, in Russian, Kazakh and English, marked as demo data like
 * every demo record (`t`=`demo`, "Demo:" in the title). What they say about the report page is
 * what the page does (docs/intake.md): keep them in step when it changes.
 */

interface StarterText {
  title: string;
  summary: string;
  markdown: string;
}

interface Starter {
  group: string;
  topics: MaterialTopic[];
  texts: Record<Lang, StarterText>;
}

const NOTE: Record<Lang, string> = {
  ru: '_Демо-материал, который поставляется с Tilshi. Редакция может изменить или снять его._',
  kk: '_Tilshi-мен бірге келетін демо-материал. Редакция оны өзгерте немесе алып тастай алады._',
  en: '_Demo material shipped with Tilshi. The desk may edit or withdraw it._',
};

const PREFIX: Record<Lang, string> = { ru: 'Демо: ', kk: 'Демо: ', en: 'Demo: ' };

export const STARTER_MATERIALS: readonly Starter[] = [
  {
    group: 'demo-material-safe-report',
    topics: ['safety'],
    texts: {
      ru: {
        title: 'Как безопасно отправить сообщение',
        summary: 'Страница сообщений, что видит редакция и что остаётся на телефоне.',
        markdown: `Сообщения отправляются со страницы **/report** этого узла.

## Что происходит с текстом

- Текст шифруется **на вашем телефоне** ключом редакции, прежде чем он сохраняется или отправляется. Прочитать его может только редакция; узлы, которые его передают, хранят только зашифрованный конверт.
- Без связи сообщение ждёт на телефоне и уходит само, когда связь появится. Открытая один раз страница работает и без интернета.
- Если связи долго нет, нажмите **«Сохранить в файл»**: неотправленные сообщения, зашифрованные, окажутся в файле. Передайте файл тому, у кого есть связь или узел Tilshi.

## Что писать

- Где, когда, что происходит, сколько людей.
- **Не пишите своё имя** и имена людей, которым это может навредить.
- Редакция проверяет сообщения и публикует события без ваших слов и без ссылки на ваше сообщение.

## Ответы редакции

Рядом с вашими сообщениями редакция видит ваше **кодовое имя**, а не имя. Ответы приходят на этот телефон: нажмите «Проверить ответы».

## Если телефон могут забрать

Нажмите **«Стереть всё»**: ключ, сообщения, ответы и сохранённая копия страницы будут удалены с телефона. Неотправленные сообщения при этом пропадут.

## SMS

SMS **не шифруется**: оператор связи и тот, у кого телефон-шлюз, видят текст и ваш номер. Пользуйтесь SMS, только если другого способа нет.`,
      },
      kk: {
        title: 'Хабарды қауіпсіз қалай жіберуге болады',
        summary: 'Хабар беті, редакция не көреді және телефонда не қалады.',
        markdown: `Хабарлар осы түйіннің **/report** бетінен жіберіледі.

## Мәтінге не болады

- Мәтін сақталмас немесе жіберілмес бұрын **телефоныңызда** редакцияның кілтімен шифрланады. Оны тек редакция оқи алады; оны тасымалдайтын түйіндер тек шифрланған конвертті сақтайды.
- Байланыс болмаса, хабар телефонда күтеді де, байланыс пайда болғанда өзі кетеді. Бір рет ашылған бет интернетсіз де жұмыс істейді.
- Байланыс ұзақ болмаса, **«Файлға сақтау»** түймесін басыңыз: жіберілмеген хабарлар шифрланған күйде файлға түседі. Файлды байланысы немесе Tilshi түйіні бар адамға беріңіз.

## Не жазу керек

- Қайда, қашан, не болып жатыр, қанша адам.
- **Өз атыңызды** және зиян келуі мүмкін адамдардың атын **жазбаңыз**.
- Редакция хабарларды тексеріп, оқиғаларды сіздің сөздеріңізсіз және хабарыңызға сілтемесіз жариялайды.

## Редакцияның жауаптары

Редакция хабарларыңыздың жанынан атыңызды емес, **код атыңызды** көреді. Жауаптар осы телефонға келеді: «Жауаптарды тексеру» түймесін басыңыз.

## Телефонды тартып алуы мүмкін болса

**«Бәрін өшіру»** түймесін басыңыз: кілт, хабарлар, жауаптар және беттің сақталған көшірмесі телефоннан өшіріледі. Жіберілмеген хабарлар жоғалады.

## SMS

SMS **шифрланбайды**: байланыс операторы мен шлюз-телефонды ұстаған адам мәтінді де, нөміріңізді де көреді. SMS-ті басқа жол болмаса ғана пайдаланыңыз.`,
      },
      en: {
        title: 'How to send a report safely',
        summary: 'The report page, what the desk sees and what stays on your phone.',
        markdown: `Reports are sent from this node's **/report** page.

## What happens to your text

- The text is encrypted **on your phone** to the editorial desk's key before it is saved or sent. Only the desk can read it; the nodes that carry it keep only the sealed envelope.
- With no connection the report waits on the phone and goes out by itself when the connection is back. Once opened, the page works without the internet.
- If there is no connection for a long time, press **Save to file**: the unsent reports, still sealed, go into a file. Hand it to someone with a connection or a Tilshi node.

## What to write

- Where, when, what is happening, how many people.
- **Do not write your name**, nor the names of people it could harm.
- The desk checks reports and publishes events without your words and without a link to your report.

## Replies from the desk

Next to your reports the desk sees your **codename**, not your name. Replies come to this phone: press Check for replies.

## If your phone may be taken

Press **Wipe everything**: the key, your reports, the replies and the page's offline copy are removed from the phone. Reports not sent yet are lost.

## SMS

SMS is **not encrypted**: the mobile operator and whoever holds the gateway phone see the text and your number. Use SMS only when nothing else works.`,
      },
    },
  },
  {
    group: 'demo-material-initiative-group',
    topics: ['organizing'],
    texts: {
      ru: {
        title: 'Как создать инициативную группу',
        summary: 'Первые шаги: люди, общие требования, роли и осторожность.',
        markdown: `Инициативная группа — несколько работников, которые берутся объединить коллектив вокруг общих требований.

## 1. Начните с разговоров один на один

Поговорите с коллегами, которым доверяете, лично и не на рабочем месте. Больше слушайте: что их волнует — зарплата, смены, безопасность, отношение начальства?

## 2. Найдите общее

Запишите проблемы, которые называют многие. Требование, которое поддерживает большинство, сильнее, чем длинный список.

## 3. Соберите ядро

Трёх–пяти надёжных человек из разных цехов и смен достаточно для начала. Выберите тех, кого уважают товарищи.

## 4. Распределите роли

- Связной в каждом цехе и смене.
- Кто ведёт записи встреч.
- Кто держит связь с редакцией и другими коллективами.

## 5. Берегите людей

- Встречайтесь вне работы, в надёжном месте.
- Не обсуждайте планы в открытых чатах и не с рабочих телефонов.
- Списки участников держите как можно короче и только у тех, кому они нужны.

## 6. Проверьте силу малым делом

Например, обращение, под которым подписалось большинство смены. Это покажет, сколько людей готовы действовать вместе.

## 7. Сообщайте о происходящем

Новости о коллективе можно отправить в редакцию со страницы /report.`,
      },
      kk: {
        title: 'Бастамашыл топты қалай құруға болады',
        summary: 'Алғашқы қадамдар: адамдар, ортақ талаптар, рөлдер және сақтық.',
        markdown: `Бастамашыл топ — ұжымды ортақ талаптар төңірегіне біріктіруді қолға алған бірнеше жұмысшы.

## 1. Жеке әңгімелерден бастаңыз

Сенетін әріптестеріңізбен жеке, жұмыс орнынан тыс сөйлесіңіз. Көбірек тыңдаңыз: оларды не мазалайды — жалақы, ауысымдар, қауіпсіздік, бастықтардың қарым-қатынасы?

## 2. Ортақ нәрсені табыңыз

Көпшілік атайтын мәселелерді жазып алыңыз. Көпшілік қолдайтын бір талап ұзын тізімнен күштірек.

## 3. Өзекті топ жинаңыз

Бастау үшін әртүрлі цехтар мен ауысымдардан үш-бес сенімді адам жеткілікті. Жолдастары құрметтейтін адамдарды таңдаңыз.

## 4. Рөлдерді бөліңіз

- Әр цех пен ауысымда байланысшы.
- Жиналыстарды кім жазып отырады.
- Редакциямен және басқа ұжымдармен кім байланыс ұстайды.

## 5. Адамдарды сақтаңыз

- Жұмыстан тыс, сенімді жерде кездесіңіз.
- Жоспарларды ашық чаттарда және жұмыс телефондарынан талқыламаңыз.
- Қатысушылар тізімін барынша қысқа ұстаңыз және тек қажет адамдарда ғана болсын.

## 6. Күшіңізді шағын істен тексеріңіз

Мысалы, ауысымның көпшілігі қол қойған өтініш. Бұл бірге әрекет етуге қанша адам дайын екенін көрсетеді.

## 7. Болып жатқаны туралы хабарлаңыз

Ұжым туралы жаңалықты редакцияға /report бетінен жіберуге болады.`,
      },
      en: {
        title: 'How to start an initiative group',
        summary: 'First steps: people, shared demands, roles and care.',
        markdown: `An initiative group is a few workers who set out to bring their collective together around shared demands.

## 1. Start with one-on-one talks

Talk to coworkers you trust, in person and away from the workplace. Listen more than you speak: what worries them — pay, shifts, safety, how the bosses treat people?

## 2. Find what is shared

Write down the problems many people name. One demand that most people back is stronger than a long list.

## 3. Gather a core

Three to five reliable people from different sections and shifts are enough to begin. Choose people their coworkers respect.

## 4. Share the roles

- A contact in each section and shift.
- Someone who keeps notes of meetings.
- Someone who keeps in touch with the desk and with other collectives.

## 5. Look after people

- Meet outside work, somewhere safe.
- Do not discuss plans in open chats or from work phones.
- Keep lists of members as short as you can, and only with those who need them.

## 6. Test your strength with something small

For example, a letter signed by most of a shift. It shows how many people are ready to act together.

## 7. Tell what is happening

News about the collective can be sent to the desk from the /report page.`,
      },
    },
  },
];

const LANG_ORDER: readonly Lang[] = ['ru', 'kk', 'en'];

/**
 * Publish the starter materials once: a material the demo published before (even if an editor
 * has since withdrawn it) is not published again. Answers how many were published now.
 *
 * @example await seedDemoMaterials(node) // 6 the first time, 0 after
 */
export async function seedDemoMaterials(node: TilshiNode): Promise<number> {
  let published = 0;
  for (const starter of STARTER_MATERIALS) {
    const source = `${starter.group}-${LANG_ORDER[0]}`;
    for (const lang of LANG_ORDER) {
      const id = `${starter.group}-${lang}`;
      if (materialEverPublished(node, id)) continue;
      const text = starter.texts[lang];
      await publishMaterial(node, {
        material: {
          id,
          group: starter.group,
          ...(id === source ? {} : { translation_of: source }),
          title: `${PREFIX[lang]}${text.title}`,
          summary: text.summary,
          lang,
          topics: starter.topics,
          markdown: `${NOTE[lang]}\n\n${text.markdown}`,
          demo: true,
        },
        actor: 'demo',
      });
      published++;
    }
  }
  return published;
}
