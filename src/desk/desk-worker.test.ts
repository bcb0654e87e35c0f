import { afterAll, describe, expect, it } from 'vitest';
import { buildWrap } from '../../test/support/node.js';
import { generateKeyPair } from '../crypto/keys.js';
import { DeskWorker } from './desk-worker.js';

const desk = generateKeyPair();
const worker = new DeskWorker(desk.secretKey, desk.publicKey, { suggest: true });
afterAll(() => worker.close());

describe('the desk worker', () => {
  it('opens wraps and suggests codes off the main thread, in the order given', async () => {
    const wraps = [
      buildWrap(desk.publicKey, { text: 'Забастовка в Жанаозене: рабочие Озенмунайгаз остановили работу' }),
      // Sealed to another key: listed unreadable, with the reason, rather than dropped.
      buildWrap(generateKeyPair().publicKey),
    ];
    const opened = await worker.open(wraps.map((w, i) => ({ seq: i + 1, raw: JSON.stringify(w) })));
    expect(opened.map((o) => [o.seq, o.type])).toEqual([
      [1, 'report'],
      [2, 'unreadable'],
    ]);
    const first = opened[0]!;
    if (first.type !== 'report') throw new Error('expected a report');
    expect(first.suggestion?.settlement).toBe('Zhanaozen');
  });
});
