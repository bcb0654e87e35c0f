import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { NostrEvent } from '../../src/core/event.js';
import { Kind } from '../../src/core/kinds.js';
import { publishStatus, publishTo, startPublisher } from '../../src/sync/publish.js';
import {
  buildDeskArticle,
  buildDeskCodedEvent,
  buildWrap,
  startTestNode,
  type TestNode,
} from '../support/node.js';

const toClose: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of toClose) await f();
});

async function node(options: Parameters<typeof startTestNode>[0] = {}): Promise<TestNode> {
  const t = await startTestNode(options);
  toClose.push(() => t.close());
  return t;
}

/** A relay on 127.0.0.1 that answers each EVENT with `answer(event, n)` (n counts from 0). */
async function fakeRelay(answer: (e: NostrEvent, n: number) => [boolean, string]) {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const seen: NostrEvent[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const [type, e] = JSON.parse(data.toString()) as [string, NostrEvent];
      if (type !== 'EVENT') return;
      const [ok, message] = answer(e, seen.length);
      seen.push(e);
      ws.send(JSON.stringify(['OK', e.id, ok, message]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  toClose.push(
    () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(resolve);
      }),
  );
  return { url, seen };
}

describe('publishing public records to other Nostr relays', () => {
  it('pushes the desk public records to a second node acting as a plain relay, once each', async () => {
    const desk = await node();
    const relay = await node({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
    const key = desk.deskKey!;
    const coded = Array.from({ length: 5 }, (_, i) => buildDeskCodedEvent(key, { id: `evt-pub-${i}` }));
    const article = buildDeskArticle(key);
    const wrap = buildWrap(desk.node.deskPubkey!);
    await desk.node.ingest.submit([...coded, article, wrap]);

    const first = await publishTo(desk.node, relay.wsUrl);
    expect(first).toMatchObject({ sent: 6, accepted: 6, refused: 0, pending: 0, error: null });
    for (const e of [...coded, article]) expect(relay.node.log.has(e.id)).toBe(true);
    // A sealed report is never published.
    expect(relay.node.log.has(wrap.id)).toBe(false);
    // The cursor: a second run sends nothing; a new record is sent alone.
    expect((await publishTo(desk.node, relay.wsUrl)).sent).toBe(0);
    const later = buildDeskCodedEvent(key, { id: 'evt-later' });
    await desk.node.ingest.submit([later]);
    expect(await publishTo(desk.node, relay.wsUrl)).toMatchObject({ sent: 1, accepted: 1 });
    const [status] = publishStatus(desk.node, [relay.wsUrl]);
    expect(status).toMatchObject({ url: relay.wsUrl, sent: 7, accepted: 7, refused: 0, pending: 0 });
  }, 60_000);

  it('keeps a refusal for good with its reason and never resends it', async () => {
    const desk = await node();
    // A node of another desk refuses this desk's records: restricted, for good.
    const foreign = await node({ role: 'relay' });
    await desk.node.ingest.submit([buildDeskCodedEvent(desk.deskKey!, { id: 'evt-foreign' })]);
    const r = await publishTo(desk.node, foreign.wsUrl);
    expect(r).toMatchObject({ sent: 1, accepted: 0, refused: 1, pending: 0, error: null });
    const [status] = publishStatus(desk.node, [foreign.wsUrl]);
    expect(status?.refused_by_reason).toEqual({ restricted: 1 });
    expect((await publishTo(desk.node, foreign.wsUrl)).sent).toBe(0);

    const fake = await fakeRelay((_e, n) => (n === 0 ? [false, 'invalid: we do not like it'] : [true, '']));
    await publishTo(desk.node, fake.url);
    expect(publishStatus(desk.node, [fake.url])[0]?.refused_by_reason).toEqual({ invalid: 1 });
  }, 60_000);

  it('retries with backoff after rate-limited: and a relay that is down, losing nothing', async () => {
    const desk = await node();
    const key = desk.deskKey!;
    const events = Array.from({ length: 3 }, (_, i) => buildDeskCodedEvent(key, { id: `evt-rl-${i}` }));
    await desk.node.ingest.submit(events);
    // Rate-limited on the second event, the first time only.
    const fake = await fakeRelay((_e, n) => (n === 1 ? [false, 'rate-limited: slow down'] : [true, '']));
    const first = await publishTo(desk.node, fake.url, { backoffMs: 50 });
    expect(first).toMatchObject({ sent: 2, accepted: 1, pending: 2, error: 'rate-limited: slow down' });
    const s = publishStatus(desk.node, [fake.url])[0]!;
    expect(s.retries).toBe(1);
    expect(s.next_attempt_at).not.toBeNull();
    const second = await publishTo(desk.node, fake.url);
    expect(second).toMatchObject({ sent: 2, accepted: 2, pending: 0, error: null });
    expect(fake.seen.map((e) => e.id)).toEqual([events[0]!.id, events[1]!.id, events[1]!.id, events[2]!.id]);

    // Nothing listens on this port (it was just closed): the run fails, everything stays pending.
    const gone = await fakeRelay(() => [true, '']);
    await toClose.pop()!();
    const down = await publishTo(desk.node, gone.url, { timeoutMs: 2_000 });
    expect(down.error).toContain('cannot reach');
    expect(down.pending).toBe(3);
    expect(publishStatus(desk.node, [gone.url])[0]).toMatchObject({ pending: 3, sent: 0 });
  }, 60_000);

  it('runs in the background as serve does: a new record reaches the relay without asking', async () => {
    const desk = await node();
    const relay = await node({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
    desk.node.config.relays.push(relay.wsUrl);
    const publisher = startPublisher(desk.node, { backoffMs: 50 });
    toClose.unshift(() => publisher.stop());
    const coded = buildDeskCodedEvent(desk.deskKey!, { id: 'evt-background' });
    await desk.node.ingest.submit([coded]);
    const end = Date.now() + 20_000;
    while (!relay.node.log.has(coded.id) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(relay.node.log.has(coded.id)).toBe(true);
    expect(relay.node.log.query({ kinds: [Kind.CodedEvent] }, { as: 'public' })).toHaveLength(1);
  }, 60_000);
});

describe('tilshi publish and status', () => {
  it('publishes with --relay, counts in status, lists refusals with their reason', async () => {
    const { requireBuiltCli, tilshi } = await import('../support/cli.js');
    const { tempDir, TEST_PASSPHRASE } = await import('../support/node.js');
    const { openDeskNode } = await import('../../src/desk/desk-node.js');
    requireBuiltCli();
    const tmp = tempDir('tilshi-publish-cli-');
    toClose.push(async () => tmp.remove());
    const env = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };
    expect((await tilshi(['init', '--desk', '--data', tmp.dir], env)).code).toBe(0);
    const deskNode = await openDeskNode({ dataDir: tmp.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
    await deskNode.ingest.submit([
      buildDeskCodedEvent(deskNode.deskKey!, { id: 'evt-cli-1' }),
      buildDeskCodedEvent(deskNode.deskKey!, { id: 'evt-cli-2' }),
    ]);
    const deskPubkey = deskNode.deskPubkey!;
    await deskNode.close();
    const relay = await node({ role: 'relay', deskPubkey });
    const foreign = await node({ role: 'relay' });

    const out = await tilshi(
      ['publish', '--relay', relay.wsUrl, '--relay', foreign.wsUrl, '--data', tmp.dir],
      env,
    );
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(`${relay.wsUrl}: sent 2, accepted 2, refused 0, pending 0`);
    expect(out.stdout).toContain(`${foreign.wsUrl}: sent 2, accepted 0, refused 2, pending 0`);
    expect(out.code).toBe(0);
    const status = JSON.parse((await tilshi(['status', '--json', '--data', tmp.dir], env)).stdout);
    expect(status.publish).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: relay.wsUrl, sent: 2, accepted: 2, refused: 0, pending: 0 }),
        expect.objectContaining({ url: foreign.wsUrl, refused: 2, refused_by_reason: { restricted: 2 } }),
      ]),
    );
    const refused = await tilshi(['publish', '--refused', '--relay', foreign.wsUrl, '--data', tmp.dir], env);
    expect(refused.stdout).toContain('restricted: not_desk_signed');
    expect((await tilshi(['publish', '--data', tmp.dir], env)).code).toBe(2);
  }, 120_000);
});
