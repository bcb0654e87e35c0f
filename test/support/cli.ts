import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The installed command, as `npx tilshi` runs it (it needs `npm run build`; `npm test` does it). */
export const TILSHI_BIN = fileURLToPath(new URL('../../bin/tilshi.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = promisify(execFile);

/** Fail early and plainly when the CLI is not built. */
export function requireBuiltCli(): void {
  if (!existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
}

/**
 * Run the built `tilshi` in a child process; resolves with its exit code and output whatever
 * the code (a failing command is an answer to check, not an exception).
 */
export async function tilshi(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TILSHI_BIN, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
