import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeskArticle,
  buildWrap,
  deskHeaders,
  postJson,
  startTestNode,
  type TestNode,
} from '../../test/support/node.js';
import { npubOf } from '../crypto/keys.js';
import { createAccount } from '../desk/accounts.js';
import { listAudit } from '../desk/audit.js';
import { loadConfig } from '../node/config.js';
import { trustedRelays } from '../sync/trusted-relays.js';

let desk: TestNode;
let relay: TestNode;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

const del = async (url: string, headers: Record<string, string>) => {
  const res = await fetch(url, { method: 'DELETE', headers });
  return { status: res.status, body: await res.json() };
};
const patch = async (url: string, body: unknown, headers: Record<string, string>) => {
  const res = await fetch(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

describe('desk peers and trusted relays (admins)', () => {
  it('looks a key up, adds and removes a peer, trusts and untrusts a relay', async () => {
    const h = await deskHeaders(desk);
    const key = relay.node.nodeKey.publicKey;
    const looked = await postJson(`${desk.url}/api/v1/desk/peers/lookup`, { url: `${relay.url}/` }, h);
    expect(looked.status).toBe(200);
    expect(looked.body).toMatchObject({ url: relay.url, pubkey: key });

    const added = await postJson(
      `${desk.url}/api/v1/desk/peers`,
      { url: relay.url, pubkey: key, name: 'town' },
      h,
    );
    expect(added.status).toBe(200);
    expect(added.body.peers).toEqual([
      expect.objectContaining({ url: relay.url, pubkey: key, name: 'town' }),
    ]);
    expect(loadConfig(desk.dataDir).peers).toEqual([{ url: relay.url, pubkey: key, name: 'town' }]);
    expect((await del(`${desk.url}/api/v1/desk/peers/${key}`, h)).body.peers).toEqual([]);
    expect(desk.node.config.peers).toEqual([]);

    const trusted = await postJson(
      `${desk.url}/api/v1/desk/trusted-relays`,
      { url: relay.url, pubkey: key },
      h,
    );
    expect(trusted.status).toBe(200);
    expect(trusted.body.trusted_relays).toEqual([expect.objectContaining({ pubkey: key, url: relay.url })]);
    expect(trustedRelays(desk.node).map((r) => r.pubkey)).toEqual([key]);
    const untrusted = await del(`${desk.url}/api/v1/desk/trusted-relays/${key}`, h);
    expect(untrusted.body.trusted_relays).toEqual([]);
    expect((await del(`${desk.url}/api/v1/desk/trusted-relays/${key}`, h)).status).toBe(404);
  }, 60_000);

  it('refuses anyone but an admin, and a request without the CSRF token', async () => {
    const res = await fetch(`${desk.url}/api/v1/desk/peers`);
    expect(res.status).toBe(401);
    const h = await deskHeaders(desk);
    const noCsrf = await postJson(
      `${desk.url}/api/v1/desk/trusted-relays`,
      { url: relay.url, pubkey: relay.node.nodeKey.publicKey },
      { cookie: h.cookie },
    );
    expect(noCsrf.status).toBe(403);
    expect(trustedRelays(desk.node)).toEqual([]);
  }, 60_000);

  it('renames a peer, removes one listed without a key by its URL, and refuses its own key', async () => {
    const h = await deskHeaders(desk);
    const key = relay.node.nodeKey.publicKey;
    await postJson(`${desk.url}/api/v1/desk/peers`, { url: relay.url, pubkey: key, name: 'town' }, h);
    const renamed = await patch(`${desk.url}/api/v1/desk/peers`, { url: relay.url, name: 'mine' }, h);
    expect(renamed.status).toBe(200);
    expect(renamed.body.peers).toEqual([
      expect.objectContaining({ url: relay.url, pubkey: key, name: 'mine' }),
    ]);
    const unnamed = await patch(`${desk.url}/api/v1/desk/peers`, { url: relay.url, name: '' }, h);
    expect(unnamed.body.peers[0].name).toBeUndefined();
    expect(loadConfig(desk.dataDir).peers).toEqual([{ url: relay.url, pubkey: key }]);
    const unknown = await patch(`${desk.url}/api/v1/desk/peers`, { url: 'http://127.0.0.1:9', name: 'x' }, h);
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'unknown_peer' } } });
    expect((await del(`${desk.url}/api/v1/desk/peers/${key}`, h)).body.peers).toEqual([]);

    // An entry of config.json without a key (written by hand) is removed by its URL.
    desk.node.config.peers = [{ url: 'http://127.0.0.1:9' }];
    const removed = await del(
      `${desk.url}/api/v1/desk/peers?url=${encodeURIComponent('http://127.0.0.1:9/')}`,
      h,
    );
    expect(removed).toMatchObject({ status: 200, body: { peers: [] } });
    expect(loadConfig(desk.dataDir).peers).toEqual([]);

    // A key typed by the admin: npub or hex in any case; anything else is `bad_pubkey`.
    const byNpub = await postJson(
      `${desk.url}/api/v1/desk/peers`,
      { url: relay.url, pubkey: npubOf(key) },
      h,
    );
    expect(byNpub.body.peers).toEqual([expect.objectContaining({ url: relay.url, pubkey: key })]);
    const byHex = await postJson(
      `${desk.url}/api/v1/desk/peers`,
      { url: relay.url, pubkey: ` ${key.toUpperCase()} ` },
      h,
    );
    expect(byHex.body.peers).toEqual([expect.objectContaining({ url: relay.url, pubkey: key })]);
    const bad = await postJson(
      `${desk.url}/api/v1/desk/peers`,
      { url: 'http://127.0.0.1:8', pubkey: 'npub1nope' },
      h,
    );
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad_pubkey' } } });
    expect((await del(`${desk.url}/api/v1/desk/peers/${key}`, h)).body.peers).toEqual([]);

    const own = await postJson(
      `${desk.url}/api/v1/desk/peers`,
      { url: desk.url, pubkey: desk.node.nodeKey.publicKey },
      h,
    );
    expect(own).toMatchObject({ status: 409, body: { error: { code: 'own_node' } } });
    const looked = await postJson(`${desk.url}/api/v1/desk/peers/lookup`, { url: desk.url }, h);
    expect(looked.body).toMatchObject({ own: true });
    expect(desk.node.config.peers).toEqual([]);
    const actions = listAudit(desk.node.db, 10).map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `peer.rename ${relay.url}`,
        `peer.remove ${npubOf(key)}`,
        'peer.remove http://127.0.0.1:9',
      ]),
    );
  }, 60_000);

  it('syncs a listed peer now: what moved each way and what it withheld, also in the list', async () => {
    const h = await deskHeaders(desk);
    const key = relay.node.nodeKey.publicKey;
    // The desk holds an article to push; the relay holds a report it does not hand to an unlisted node.
    await desk.node.ingest.submit([buildDeskArticle(desk.deskKey!)], 'submit');
    const [stored] = await relay.node.ingest.submit([buildWrap(desk.node.deskPubkey!)], 'submit');
    expect(stored?.ok).toBe(true);
    const unlisted = await postJson(`${desk.url}/api/v1/desk/peers/sync`, { url: relay.url }, h);
    expect(unlisted).toMatchObject({ status: 400, body: { error: { code: 'unknown_peer' } } });

    await postJson(`${desk.url}/api/v1/desk/peers`, { url: relay.url, pubkey: key }, h);
    const synced = await postJson(`${desk.url}/api/v1/desk/peers/sync`, { url: `${relay.url}/` }, h);
    expect(synced.status).toBe(200);
    expect(synced.body.result).toMatchObject({
      url: relay.url,
      npub: npubOf(key),
      pulled: 0,
      withheld: 1,
      withheld_reason: 'not_a_peer',
    });
    // The article, and the node's other public records (its announcement, the list of trusted relays).
    expect(synced.body.result.pushed).toBeGreaterThanOrEqual(1);
    expect(synced.body.peers[0].sync).toMatchObject({
      events_out: synced.body.result.pushed,
      withheld: 1,
      withheld_reason: 'not_a_peer',
      last_error: null,
    });
    expect(synced.body.peers[0].sync.last_reached_at).toBeGreaterThan(0);
    expect(relay.node.db.prepare('SELECT count(*) AS n FROM events WHERE kind = 30023').get()).toEqual({
      n: 1,
    });
    const listed = await fetch(`${desk.url}/api/v1/desk/peers`, { headers: h });
    expect((await listed.json()).peers[0].sync.events_out).toBe(synced.body.result.pushed);

    // Once the relay lists the desk node, a sync from the start gets what it withheld.
    relay.node.config.peers = [{ url: desk.url, pubkey: desk.node.nodeKey.publicKey }];
    const again = await postJson(
      `${desk.url}/api/v1/desk/peers/sync`,
      { url: relay.url, from_start: true },
      h,
    );
    expect(again.body.result).toMatchObject({ pulled: 1, withheld: 0 });
    expect(again.body.peers[0].sync).toMatchObject({ withheld: 0, events_in: 1 });
    relay.node.config.peers = [];
    expect((await del(`${desk.url}/api/v1/desk/peers/${key}`, h)).status).toBe(200);
  }, 60_000);

  it('runs one sync from the desk at a time, and says why one failed', async () => {
    const h = await deskHeaders(desk);
    // A peer that answers its first request only after a while, then with something that is not an offer.
    const slow = createServer((_req, res) => {
      setTimeout(() => res.end('not json'), 1_500);
    });
    await new Promise<void>((done) => slow.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      await postJson(`${desk.url}/api/v1/desk/peers`, { url, pubkey: 'ab'.repeat(32) }, h);
      const first = postJson(`${desk.url}/api/v1/desk/peers/sync`, { url }, h);
      await new Promise((r) => setTimeout(r, 300));
      const second = await postJson(`${desk.url}/api/v1/desk/peers/sync`, { url }, h);
      expect(second).toMatchObject({ status: 409, body: { error: { code: 'sync_running' } } });
      expect(await first).toMatchObject({ status: 502, body: { error: { code: 'peer_error' } } });
      const listed = await (await fetch(`${desk.url}/api/v1/desk/peers`, { headers: h })).json();
      expect(listed.peers[0].sync.last_error).toMatch(/^peer_error/);
    } finally {
      await del(`${desk.url}/api/v1/desk/peers/${'ab'.repeat(32)}`, h);
      slow.close();
    }
  }, 60_000);

  it('answers an editor 403 on every route, and changes nothing', async () => {
    await createAccount(desk.node.db, {
      username: 'eddie',
      password: 'an editor password here',
      role: 'editor',
    });
    const h = await deskHeaders(desk, 'eddie', 'an editor password here');
    const key = relay.node.nodeKey.publicKey;
    const answers = [
      (await fetch(`${desk.url}/api/v1/desk/peers`, { headers: h })).status,
      (await postJson(`${desk.url}/api/v1/desk/peers/lookup`, { url: relay.url }, h)).status,
      (await postJson(`${desk.url}/api/v1/desk/peers`, { url: relay.url, pubkey: key }, h)).status,
      (await patch(`${desk.url}/api/v1/desk/peers`, { url: relay.url, name: 'x' }, h)).status,
      (await postJson(`${desk.url}/api/v1/desk/peers/sync`, { url: relay.url }, h)).status,
      (await del(`${desk.url}/api/v1/desk/peers/${key}`, h)).status,
      (await postJson(`${desk.url}/api/v1/desk/trusted-relays`, { url: relay.url, pubkey: key }, h)).status,
      (await del(`${desk.url}/api/v1/desk/trusted-relays/${key}`, h)).status,
    ];
    expect(answers).toEqual(Array(answers.length).fill(403));
    expect(desk.node.config.peers).toEqual([]);
    expect(trustedRelays(desk.node)).toEqual([]);
  }, 60_000);
});
