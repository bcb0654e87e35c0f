import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/node.js';
import { generateKeyPair, npubOf } from '../crypto/keys.js';
import { dataPaths, defaultConfig, loadConfig, NETWORK_LIMITS, saveConfig } from './config.js';

describe('config.json', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('says to run init when there is no node', () => {
    expect(() => loadConfig(tmp.dir)).toThrow(expect.objectContaining({ code: 'not_initialized' }));
  });

  it('round-trips, and names the field that is wrong', () => {
    saveConfig(tmp.dir, defaultConfig('relay', 'a'.repeat(64)));
    expect(loadConfig(tmp.dir).pow_difficulty).toBe(16);
    const broken = { ...defaultConfig('relay', null), pow_difficulty: 99 };
    writeFileSync(dataPaths(tmp.dir).config, JSON.stringify(broken));
    expect(() => loadConfig(tmp.dir)).toThrow(/pow_difficulty/);
    writeFileSync(dataPaths(tmp.dir).config, '{ not json');
    expect(() => loadConfig(tmp.dir)).toThrow(expect.objectContaining({ code: 'bad_config' }));
  });

  it('takes peer and desk keys as npub (as every screen shows them) and keeps them as hex', () => {
    const key = generateKeyPair().publicKey;
    const config = { ...defaultConfig('relay', null), desk_pubkey: npubOf(key) };
    writeFileSync(
      dataPaths(tmp.dir).config,
      JSON.stringify({ ...config, peers: [{ url: 'http://127.0.0.1:9', pubkey: npubOf(key) }] }),
    );
    const loaded = loadConfig(tmp.dir);
    expect(loaded.desk_pubkey).toBe(key);
    expect(loaded.peers[0]?.pubkey).toBe(key);
    writeFileSync(
      dataPaths(tmp.dir).config,
      JSON.stringify({ ...config, peers: [{ url: 'http://127.0.0.1:9', pubkey: 'npub1nope' }] }),
    );
    expect(() => loadConfig(tmp.dir)).toThrow(/peers\.0\.pubkey.*npub/);
  });

  it('fills the limits a config.json of an older version lacks, and checks trust_proxy entries', () => {
    const old = defaultConfig('relay', null) as Record<string, unknown> & { limits: Record<string, unknown> };
    const { trust_proxy: _t, ...withoutProxy } = old;
    const limits = Object.fromEntries(
      Object.entries(old.limits).filter(([k]) =>
        [
          'body_bytes',
          'frame_bytes',
          'events_per_request',
          'ws_messages_per_second',
          'http_requests_per_minute',
          'subscriptions_per_connection',
        ].includes(k),
      ),
    );
    writeFileSync(dataPaths(tmp.dir).config, JSON.stringify({ ...withoutProxy, limits }));
    const loaded = loadConfig(tmp.dir);
    expect(loaded.trust_proxy).toEqual([]);
    expect(loaded.limits.ws_connections_per_source).toBe(NETWORK_LIMITS.ws_connections_per_source);
    expect(loaded.limits.request_timeout_seconds).toBe(NETWORK_LIMITS.request_timeout_seconds);

    for (const good of [['10.0.0.1'], ['10.0.0.0/8', '::1', 'fd00::/8'], ['loopback']]) {
      saveConfig(tmp.dir, { ...defaultConfig('relay', null), trust_proxy: good });
      expect(loadConfig(tmp.dir).trust_proxy).toEqual(good);
    }
    for (const bad of [['example.org'], ['10.0.0.0/33'], ['10.0.0.1/8/1'], ['*']]) {
      writeFileSync(
        dataPaths(tmp.dir).config,
        JSON.stringify({ ...defaultConfig('relay', null), trust_proxy: bad }),
      );
      expect(() => loadConfig(tmp.dir)).toThrow(/trust_proxy/);
    }
  });

  it('takes public_url as an http(s) address without query or fragment; null by default', () => {
    const { public_url: _p, ...older } = defaultConfig('relay', null);
    writeFileSync(dataPaths(tmp.dir).config, JSON.stringify(older));
    expect(loadConfig(tmp.dir).public_url).toBeNull();
    saveConfig(tmp.dir, { ...defaultConfig('relay', null), public_url: 'https://news.example.org/tilshi/' });
    expect(loadConfig(tmp.dir).public_url).toBe('https://news.example.org/tilshi/');
    for (const bad of [
      'ftp://example.org/',
      'https://example.org/?a=1',
      'https://example.org/#x',
      'example.org',
    ]) {
      writeFileSync(
        dataPaths(tmp.dir).config,
        JSON.stringify({ ...defaultConfig('relay', null), public_url: bad }),
      );
      expect(() => loadConfig(tmp.dir), bad).toThrow(/public_url/);
    }
  });
});
