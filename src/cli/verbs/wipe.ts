import { existsSync } from 'node:fs';
import { TilshiError } from '../../core/errors.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { claimServeLock, requireNotServing } from '../../node/serve-lock.js';
import { wipeDataFolder } from '../../node/wipe.js';
import { parseVerbArgs } from '../args.js';
import { promptLine } from '../prompt.js';

/**
 * `tilshi wipe [--yes]`: destroy the node's keys and store in its data folder and say what was
 * removed. Asks first unless --yes; refuses while a node serves the folder.
 */
export async function wipeVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { yes: { type: 'boolean' }, json: { type: 'boolean' } });
  const dataDir = resolveDataDir(values.data, readEnv());
  if (!existsSync(dataDir)) {
    process.stdout.write(`${dataDir} does not exist: nothing to wipe.\n`);
    return 0;
  }
  requireNotServing(dataDir, 'wiping it');
  if (!values.yes) {
    const answer = await promptLine(
      `Destroy the keys and the database in ${dataDir}, and the backups kept there? This cannot be undone. Type wipe: `,
    );
    if (answer === undefined)
      throw new TilshiError(
        'confirmation_required',
        'wipe asks for confirmation on a terminal: add --yes to wipe without asking',
      );
    if (answer.trim().toLowerCase() !== 'wipe') {
      process.stdout.write('Nothing wiped.\n');
      return 1;
    }
  }
  const release = claimServeLock(dataDir);
  let result: ReturnType<typeof wipeDataFolder>;
  try {
    result = wipeDataFolder(dataDir);
  } finally {
    release();
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Wiped ${dataDir} in ${(result.ms / 1000).toFixed(2)} s (each file overwritten with random bytes, then removed):`,
    ...result.removed.map((r) => `  removed ${r.file}  (${r.what}, ${r.bytes} bytes)`),
  ];
  if (result.removed.length === 0) lines.push('  there was nothing of a node here');
  if (result.kept.length)
    lines.push("Left alone (not the node's files):", ...result.kept.map((k) => `  ${k}`));
  lines.push(
    result.folderRemoved ? `Removed the empty folder ${dataDir}.` : `The folder ${dataDir} stays.`,
    'Copies elsewhere (backups you moved off this machine, peers, relays) are not touched.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
