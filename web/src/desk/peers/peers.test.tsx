// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLang } from '../i18n.js';
import {
  button,
  byId,
  type Call,
  click,
  mount,
  SESSION,
  settle,
  stubFetch,
  testContext,
  type,
} from '../test-support.js';
import { PeersView } from './peers.js';
import type { Peer, PeersAnswer } from './peers-api.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const admin = { ...SESSION, account: { ...SESSION.account, username: 'amina', role: 'admin' as const } };
const NPUB = `npub1${'q'.repeat(58)}`;

function peer(overrides: Partial<Peer> = {}): Peer {
  return {
    url: 'https://border.example.org',
    pubkey: 'ab'.repeat(32),
    name: 'border',
    npub: NPUB,
    trusted: false,
    sync: {
      last_attempt_at: 1_700_000_000,
      last_reached_at: 1_700_000_000,
      last_error: null,
      events_in: 12,
      events_out: 3,
      bytes_in: 0,
      bytes_out: 0,
      waiting: 0,
      withheld: 0,
      withheld_reason: null,
    },
    ...overrides,
  };
}

const answer = (peers: Peer[]): PeersAnswer => ({ node_npub: NPUB, peers, trusted_relays: [] });

async function draw(handler: (call: Call) => { status?: number; body?: unknown } | undefined) {
  const calls = stubFetch(handler);
  const { ctx } = testContext({ session: admin });
  const root = await mount(<PeersView />, ctx);
  return { root, calls };
}

describe('PeersView', () => {
  it('adds a peer by a typed key without fetching one, and refuses an empty address in the desk’s words', async () => {
    let peers: Peer[] = [];
    const { root, calls } = await draw(({ method, path, body }) => {
      if (method === 'GET' && path === '/api/v1/desk/peers') return { body: answer(peers) };
      if (method === 'POST' && path === '/api/v1/desk/peers') {
        peers = [peer({ name: (body as { name?: string }).name ?? '' })];
        return { body: answer(peers) };
      }
      return undefined;
    });
    expect(root.textContent).toContain('No peers yet.');
    await click(byId('peer-add'));
    expect(byId('peers-error').textContent).toBe('Give the address of the node.');
    setLang('kk');
    await settle();
    expect(byId('peers-error').textContent).toBe('Түйін мекенжайын көрсетіңіз.');
    setLang('en');
    await settle();

    await type(byId('peer-url'), 'https://border.example.org/');
    await type(byId('peer-key'), NPUB);
    expect(byId('peer-add').textContent).toBe('Add the peer');
    await click(byId('peer-add'));
    expect(calls.filter((c) => c.path.endsWith('/lookup'))).toEqual([]);
    const added = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/desk/peers');
    expect(added?.body).toEqual({ url: 'https://border.example.org/', pubkey: NPUB });
    expect(added?.headers['x-csrf-token']).toBe('csrf-1');
    expect(byId('peers-notice').textContent).toContain('added');
    expect((byId('peer-url') as HTMLInputElement).value).toBe('');
  });

  it('shows a failed sync and what a peer withheld in the desk’s language, and syncs from the start', async () => {
    const failing = peer({
      sync: {
        ...peer().sync,
        last_error: 'peer_unreachable: cannot reach https://border.example.org: ECONNREFUSED',
        withheld: 4,
        withheld_reason: 'not_a_peer',
      },
    });
    const { root, calls } = await draw(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/peers') return { body: answer([failing]) };
      if (path === '/api/v1/desk/peers/sync')
        return {
          body: {
            ...answer([peer()]),
            result: {
              url: failing.url,
              npub: NPUB,
              pulled: 4,
              pushed: 0,
              rejected: 0,
              withheld: 0,
              withheld_reason: null,
              bytes_in: 1,
              bytes_out: 1,
              ms: 20,
            },
          },
        };
      return undefined;
    });
    setLang('ru');
    await settle();
    const card = byId('peer-0');
    expect(card.textContent).toContain('не удалась');
    expect(card.textContent).toContain('Узел по этому адресу недоступен.');
    expect(card.textContent).toContain('Запечатанных сообщений не передано этому узлу: 4.');
    await click(button(card, 'Синхронизировать с начала'));
    expect(calls.find((c) => c.path === '/api/v1/desk/peers/sync')?.body).toEqual({
      url: failing.url,
      from_start: true,
    });
    expect(byId('peers-notice').textContent).toBe('Синхронизировано с border: получено 4, отправлено 0.');
    expect(root.textContent).not.toContain('Запечатанных сообщений не передано');
    setLang('en');
  });

  it('shows the announced key whole to compare, and adds only once the admin confirms', async () => {
    const { calls } = await draw(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/desk/peers') return { body: answer([]) };
      if (path === '/api/v1/desk/peers/lookup')
        return {
          body: {
            url: 'https://border.example.org',
            pubkey: 'ab'.repeat(32),
            npub: NPUB,
            name: 'border',
            own: false,
          },
        };
      if (method === 'POST' && path === '/api/v1/desk/peers') return { body: answer([peer()]) };
      return undefined;
    });
    await type(byId('peer-url'), 'https://border.example.org');
    await click(byId('peer-add'));
    expect(byId('peer-confirm-key').textContent).toBe(NPUB);
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/desk/peers')).toBe(false);
    await click(button(document.body, 'Cancel'));
    expect(document.getElementById('peer-confirm-key')).toBeNull();
    await click(byId('peer-add'));
    await click(byId('peer-confirm-add'));
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/desk/peers')?.body).toEqual({
      url: 'https://border.example.org',
      pubkey: 'ab'.repeat(32),
      name: 'border',
    });
  });
});
