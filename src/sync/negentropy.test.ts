import { randomBytes } from 'node:crypto';
import {
  Negentropy as NdkNegentropy,
  NegentropyStorage as NdkStorage,
  uint8ArrayToHex,
} from '@nostr-dev-kit/sync';
import { describe, expect, it } from 'vitest';
import { Negentropy, NegentropyStorage, toHex } from './negentropy.js';

// Reference vectors from the protocol's reference repository (hoytech/negentropy): fingerprints
// of its Kotlin test suite, and the first message its JavaScript implementation sent for a
// 25-item set (lang2-js-server.txt).
const FP_ITEMS: [number, string][] = [
  [1678011277, 'eb6b05c2e3b008592ac666594d78ed83e7b9ab30f825b9b08878128f7500008c'],
  [1678011278, '39b916432333e069a4386917609215cc688eb99f06fed01aadc29b1b4b92d6f0'],
  [1678011279, 'abc81d58ebe3b9a87100d47f58bf15e9b1cbf62d38623f11d0f0d17179f5f3ba'],
];

const JS_ITEMS: [number, string][] = [
  [1677970552, '8406d9844fb8f5a5baf3a5cd7478afa6e43d7088b4416dc2013a53fa3447ee95'],
  [1677970555, '93246d67348837e094593d01e9c734c0965f278b9c7594d2be9586568e391dd4'],
  [1677970553, '91235f37e2f90794f989ed15bae2c1f733fe402f022ba54c4e3fd370aa1c0aff'],
  [1677970543, 'c7e469248b8451c3970a0cbb72c0b233688759720c3e5ca111e7e37bf11722cd'],
  [1677970552, 'f971e429278b863127ef97354cc47a1f394fbb2aaa58d2c8ed3d2427b71cefe3'],
  [1677970542, '72527ebd1c5c95354693c3b0d6fc187ba8d02538ce9570ba0d174d67a1e659f1'],
  [1677970540, 'fff4462dcdaaba80cc085c529263c2b1a1435d07c06b8ee5f4adbfd459818540'],
  [1677970553, 'b902a1aebb9d1ddb777d1446f8dd6a6f1116d0c3c9836edbc69eb0d3aeebe4c0'],
  [1677970548, '4d1eff6693caef73f3f32eb142f77eee297d29d3b3180d913106d9f53c3c030a'],
  [1677970536, 'ca047f2a40edb443bab8dc31929f8e5457d9deac5415c287a090a28a2efdf63b'],
  [1677970536, '9a92950a4498c11158d8b084be8048b38b78b18351dda2f41c278338d39204d2'],
  [1677970543, '71365dfcf3378bb07164560675874f08db063eb4714dee05c77fa5f8d6ed05e3'],
  [1677970557, '451fc9214992bd951527eecd9ad2b01647c0ceeae55dda7ca234bf573c6d5e2d'],
  [1677970538, 'ef3e606c1b9291b7ba1eaa119b431763ae8a41c0da9f60c8df81e6cb85f8fc75'],
  [1677970540, 'df146798366d0f399fedc8aaec88c9c80ce935ebf6dc19321ca4d48c9f0bc16e'],
  [1677970544, '6796ba8d1a9207251d6652ee56a66a92ad680d5a3f118fdff3eb7710ab45f18a'],
  [1677970537, 'f8c2e717ae854234abcd89b852002d52c52101edd690ae305f61d6215ccfd114'],
  [1677970557, '6f8d146c74f5574840e8d82897a757da4b67774eafdd4bc5fdfb3ec6febfccf5'],
  [1677970537, 'b3489cf0594b805a4a45c25327b12ac7c932a02027d36e5f37f8cb53c37d47e7'],
  [1677970537, '774ee3ba38031494956d5a68822151693f61f2be3c81c376ee162e8dc447bea0'],
  [1677970555, 'd966df16c619a5349d5b2d0125486f7d25e231ea1d546dd453513e8fab3be610'],
  [1677970540, '3ada797b897747c1f6a389025bc03aba5c706f22f7bd60e4a2d9dabcfe21c324'],
  [1677970553, 'ed3784f35f4029450f498d8c3f6acc61d90c7706f77ca1f4f75240f49aafe919'],
  [1677970553, '6a05af1884967975a30a83c96915abe34b8b24a0b2cc91791f4207e526be75ea'],
  [1677970539, 'bb5c51baa893adb59c4928cc3fa21a568f3e806de3e51647a21a5ea46c4edb38'],
];

function storageOf(items: [number, string][]): NegentropyStorage {
  const s = new NegentropyStorage();
  for (const [ts, id] of items) s.insert(ts, id);
  s.seal();
  return s;
}

describe('negentropy: reference vectors', () => {
  it('computes the reference fingerprints', () => {
    const s = storageOf(FP_ITEMS);
    expect(toHex(s.fingerprint(0, 3))).toBe('c15ce60f185fd24ae341076caa93daa5');
    expect(toHex(s.fingerprint(0, 2))).toBe('96b26d110825d4b1805fc56988a3e65d');
    expect(toHex(storageOf(FP_ITEMS.slice(0, 1)).fingerprint(0, 1))).toBe('6d74e1212fcafc8a81d090f0ffbde8b0');
  });

  it('sends the reference first message for a small set', () => {
    const sorted = [...JS_ITEMS].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    const expected = `6100000219${sorted.map(([, id]) => id).join('')}`;
    expect(toHex(new Negentropy(storageOf(JS_ITEMS)).initiate())).toBe(expected);
  });
});

/** Two random sets sharing `shared` items, each with its own extras; timestamps often collide. */
function makeSets(shared: number, onlyA: number, onlyB: number, spread = 5_000) {
  const item = (): [number, string] => [
    1_700_000_000 + Math.floor(Math.random() * spread),
    randomBytes(32).toString('hex'),
  ];
  const common = Array.from({ length: shared }, item);
  const a = Array.from({ length: onlyA }, item);
  const b = Array.from({ length: onlyB }, item);
  return { a: [...common, ...a], b: [...common, ...b], onlyA: a.map((x) => x[1]), onlyB: b.map((x) => x[1]) };
}

interface Side {
  initiate(): Promise<Uint8Array>;
  reconcile(m: Uint8Array): Promise<{ output: Uint8Array | null; have: string[]; need: string[] }>;
}

function ours(items: [number, string][], frame = 0): Side {
  const n = new Negentropy(storageOf(items), frame);
  return { initiate: async () => n.initiate(), reconcile: async (m) => n.reconcile(m) };
}

function ndk(items: [number, string][], frame = 0): Side {
  const s = new NdkStorage();
  for (const [ts, id] of items) s.insert(ts, id);
  s.seal();
  const n = new NdkNegentropy(s, frame);
  return {
    initiate: () => n.initiate(),
    reconcile: async (m) => {
      const r = await n.reconcile(m);
      return {
        output: r.nextMessage ?? null,
        have: r.have.map(uint8ArrayToHex),
        need: r.need.map(uint8ArrayToHex),
      };
    },
  };
}

async function run(client: Side, server: Side) {
  const have: string[] = [];
  const need: string[] = [];
  let msg: Uint8Array | null = await client.initiate();
  let rounds = 0;
  while (msg) {
    const answer = await server.reconcile(msg);
    const r = await client.reconcile(answer.output!);
    have.push(...r.have);
    need.push(...r.need);
    msg = r.output;
    if (++rounds > 50) throw new Error('no convergence');
  }
  return { have: have.sort(), need: need.sort(), rounds };
}

describe('negentropy: exact, and interoperable with an independent implementation', () => {
  const cases = [
    ['ours ↔ ours', ours, ours],
    ['ours (initiator) ↔ @nostr-dev-kit/sync (responder)', ours, ndk],
    ['@nostr-dev-kit/sync (initiator) ↔ ours (responder)', ndk, ours],
  ] as const;
  for (const [name, makeClient, makeServer] of cases) {
    it(`${name}: finds every difference`, async () => {
      const { a, b, onlyA, onlyB } = makeSets(3_000, 37, 41);
      const r = await run(makeClient(a), makeServer(b));
      expect(r.have).toEqual([...onlyA].sort());
      expect(r.need).toEqual([...onlyB].sort());
    });
  }

  it('finds all 1,000 of 1,000 scattered differences, with frame limits on both sides', async () => {
    const { a, b, onlyA, onlyB } = makeSets(20_000, 0, 1_000, 100_000);
    const r = await run(ours(a, 60_000), ours(b, 60_000));
    expect(r.need.length).toBe(1_000);
    expect(r.need).toEqual([...onlyB].sort());
    expect(r.have).toEqual(onlyA);
    const r2 = await run(ndk(a, 60_000), ours(b, 60_000));
    expect(r2.need).toEqual([...onlyB].sort());
  });

  it('handles empty sets and identical sets', async () => {
    const { a } = makeSets(500, 0, 0);
    expect(await run(ours(a), ours(a))).toMatchObject({ have: [], need: [], rounds: 1 });
    expect((await run(ours([]), ours(a))).need.length).toBe(500);
    expect((await run(ours(a), ndk([]))).have.length).toBe(500);
  });

  it('refuses a malformed message with a stable code', () => {
    const n = new Negentropy(storageOf(FP_ITEMS));
    expect(() => n.reconcile(Uint8Array.of(0x61, 0x05))).toThrow(
      expect.objectContaining({ code: 'bad_negentropy_message' }),
    );
    expect(() => n.reconcile(Uint8Array.of(0x10))).toThrow(
      expect.objectContaining({ code: 'bad_negentropy_message' }),
    );
  });
});
