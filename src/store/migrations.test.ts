import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateToLatest } from './migrations/index.js';

function columns(db: Database.Database): Set<string> {
  const out = new Set<string>();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string;
  }[];
  for (const { name } of tables) {
    for (const c of db.prepare(`PRAGMA table_info(${JSON.stringify(name)})`).all() as { name: string }[]) {
      out.add(`${name}.${c.name}`);
    }
  }
  return out;
}

describe('migrations', () => {
  it('have distinct numbers, applied in order', () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('are additive: no migration drops or renames a column an earlier one made', () => {
    const db = new Database(':memory:');
    let before = columns(db);
    for (const m of MIGRATIONS) {
      migrateToLatest(db, m.id);
      const after = columns(db);
      const lost = [...before].filter((c) => !after.has(c));
      expect(lost, `migration ${m.id} (${m.name}) removed columns`).toEqual([]);
      before = after;
    }
  });

  it('run once: a second run applies nothing', () => {
    const db = new Database(':memory:');
    expect(migrateToLatest(db)).toBe(MIGRATIONS.length);
    expect(migrateToLatest(db)).toBe(0);
  });
});
