import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const TEST_OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

/**
 * Debian's Chromium, headless, with no traffic of its own (the machine has no network).
 * `extraArgs`: more switches, such as `--host-resolver-rules` to reach a test node by a name
 * that is not localhost (a page on plain HTTP, not a secure context).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * Sign in to the desk of the node at `url` on `page` (its locale English) and wait for the
 * desk's heading: the password check is slow on purpose (argon2id), so the wait is the
 * page's default.
 */
export async function signInToDesk(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${url}/desk`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Editorial desk' }).waitFor();
}
