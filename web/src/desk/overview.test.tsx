// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { NodeStatus } from './api.js';
import { setLang } from './i18n.js';
import { Overview } from './overview.js';
import { mount, settle } from './test-support.js';

const STATUS: NodeStatus = {
  role: 'desk',
  node_pubkey: 'ab',
  node_npub: 'npub1node',
  desk_npub: 'npub1desk',
  events_total: 1_250,
  by_kind: { '1059': 1_250 },
  last_seq: 1_250,
  inbox: { waiting: 1_200, done: 50, total: 1_250, busy: true, unreadable: 2, unopened: 3, reports: 45 },
};

/** The node panel's facts as "term: detail". */
const facts = (root: HTMLElement) =>
  Array.from(root.querySelectorAll('.facts > div')).map(
    (row) => `${row.querySelector('dt')?.textContent}: ${row.querySelector('dd')?.textContent}`,
  );

const draw = (status: NodeStatus) =>
  mount(
    <Overview
      status={{ state: 'ok', data: status }}
      audit={{ state: 'ok', data: [] }}
      flash={null}
      onReload={() => undefined}
    />,
  );

describe('the overview’s node panel', () => {
  it('says how far the desk queue is: waiting, unreadable and unopened reports', async () => {
    const root = await draw(STATUS);
    expect(facts(root)).toEqual(
      expect.arrayContaining([
        'Reports waiting to be opened: 1,200',
        'Reports in an unreadable format: 2',
        'Envelopes the desk key does not open: 3',
      ]),
    );
  });

  it('leaves the queue out on a node without the desk key', async () => {
    const root = await draw({ ...STATUS, inbox: null });
    expect(facts(root)).toHaveLength(5);
    expect(root.textContent).not.toContain('waiting to be opened');
  });
});

describe('the overview’s audit log', () => {
  const entries = [
    { at: 1_700_000_000, actor: 'aigul', action: 'account.password_change', target: 'aigul', details: null },
    {
      at: 1_700_000_100,
      actor: 'cli',
      action: 'account.create',
      target: 'dana',
      details: { role: 'editor' },
    },
    { at: 1_700_000_200, actor: 'berik', action: 'report.mark_noise', target: null, details: { reports: 3 } },
    { at: 1_700_000_300, actor: 'berik', action: 'peer.frobnicate', target: null, details: null },
  ];

  it('says every entry in the reader’s language, codes labelled, never a raw action code', async () => {
    try {
      const root = await mount(
        <Overview
          status={{ state: 'ok', data: STATUS }}
          audit={{ state: 'ok', data: entries }}
          flash={null}
          onReload={() => undefined}
        />,
      );
      setLang('ru');
      await settle();
      const lines = Array.from(root.querySelectorAll('.audit li')).map((li) =>
        li.textContent!.replace(/^[^a-zа-я]*\d{2}:\d{2}/i, '').trim(),
      );
      expect(lines[0]).toContain('aigul сменил(а) свой пароль aigul');
      expect(lines[1]).toContain('командная строка создал(а) учётную запись dana');
      expect(lines[1]).toContain('роль: редактор');
      expect(lines[2]).toContain('пометил(а) сообщения как шум');
      expect(lines[2]).toContain('сообщений: 3');
      // An action this desk does not know yet is named as such, in Russian.
      expect(lines[3]).toContain('действие: peer.frobnicate');
      expect(root.textContent).not.toContain('account.');
    } finally {
      setLang('en');
    }
  });
});
