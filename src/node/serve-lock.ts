import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TilshiError } from '../core/errors.js';

const LOCK = 'serve.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live `tilshi serve` on this folder, if any (a lock left by a crash is ignored). */
export function servingPid(dataDir: string): number | undefined {
  const file = join(dataDir, LOCK);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

/** Claim the folder for this serving process; returns the release function. */
export function claimServeLock(dataDir: string): () => void {
  const other = servingPid(dataDir);
  if (other) throw new TilshiError('node_running', `another node (pid ${other}) is serving ${dataDir}`);
  const file = join(dataDir, LOCK);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** Refuse work that must not run beside a serving node. */
export function requireNotServing(dataDir: string, what: string): void {
  const pid = servingPid(dataDir);
  if (pid)
    throw new TilshiError('node_running', `stop the node (pid ${pid}) serving ${dataDir} before ${what}`);
}
