// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { NodeStatus } from './api.js';
import { Overview } from './overview.js';
import { mount } from './test-support.js';

const STATUS: NodeStatus = {
  role: 'desk',
  node_pubkey: 'ab',
  node_npub: 'npub1node',
  desk_npub: 'npub1desk',
  events_total: 1_250,
  by_kind: { '1059': 1_250 },
  last_seq: 1_250,
  inbox: { waiting: 1_200, done: 50, total: 1_250, busy: true, unreadable: 2, unopened: 3 },
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
