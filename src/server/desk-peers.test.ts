import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskHeaders, postJson, startTestNode, type TestNode } from '../../test/support/node.js';
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
});
