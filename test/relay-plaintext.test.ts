import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../src/crypto/keys.js';
import { openWrap } from '../src/crypto/seal.js';
import { dataPaths } from '../src/node/config.js';
import { buildWrap, postJson, startTestNode } from './support/node.js';

describe('a relay holds no report plaintext', () => {
  it('stores a sealed report that only the desk opens: its text is in no byte of the database or the logs', async () => {
    const desk = generateKeyPair();
    const relay = await startTestNode({ role: 'relay', deskPubkey: desk.publicKey });
    try {
      const phrase = 'UNIQUE-PHRASE Забастовка на руднике Акжал 4417';
      const wrap = buildWrap(desk.publicKey, { text: phrase });
      const res = await postJson(`${relay.url}/api/v1/events`, wrap);
      expect(res.body.accepted).toEqual([wrap.id]);

      const paths = dataPaths(relay.dataDir);
      const files = [paths.database, `${paths.database}-wal`].filter(existsSync).map((f) => readFileSync(f));
      relay.node.db.pragma('wal_checkpoint(TRUNCATE)');
      files.push(readFileSync(paths.database));
      for (const needle of [phrase, 'UNIQUE-PHRASE', 'Акжал']) {
        for (const bytes of files) expect(bytes.includes(Buffer.from(needle, 'utf8'))).toBe(false);
        expect(relay.logs.join('')).not.toContain(needle);
      }

      // The desk, and only the desk, opens what the relay stored.
      const stored = relay.node.log.get(wrap.id)!;
      expect(JSON.parse(openWrap(stored, desk.secretKey).rumor.content).text).toBe(phrase);
      expect(() => openWrap(stored, relay.node.nodeKey.secretKey)).toThrow();
    } finally {
      await relay.close();
    }
  });
});
