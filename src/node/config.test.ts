import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/node.js';
import { dataPaths, defaultConfig, loadConfig, saveConfig } from './config.js';

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
});
