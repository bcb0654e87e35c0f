import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.js';
import { type MirrorManifest, writeMirror } from '../../src/situation/mirror.js';
import {
  buildDeskCodedEvent,
  deskHeaders,
  postJson,
  putJson,
  startTestNode,
  type TestNode,
  tempDir,
} from '../support/node.js';

/*
 * /program in the static mirror: the API's answer as a file and the page in Russian, Kazakh and
 * English as plain HTML that needs no script (so it opens from the files themselves), with
 * counts below the threshold withheld as the node's page withholds them.
 */

let t: TestNode;
const out = tempDir('tilshi-mirror-program-');
let manifest: MirrorManifest;

beforeAll(async () => {
  t = await startTestNode();
  const events = [];
  for (let i = 1; i <= 4; i++)
    events.push(
      buildDeskCodedEvent(t.deskKey!, { id: `evt-w-${i}`, date: `2022-01-0${i}`, demands: ['wages'] }),
    );
  for (let i = 1; i <= 2; i++)
    events.push(
      buildDeskCodedEvent(t.deskKey!, { id: `evt-u-${i}`, date: `2022-01-0${i}`, demands: ['union_rights'] }),
    );
  expect((await t.node.ingest.submit(events)).every((a) => a.ok)).toBe(true);
  const admin = await deskHeaders(t);
  const url = `${t.url}/api/v1/desk/program`;
  const made = await postJson(
    `${url}/planks`,
    { text: { ru: 'Поднять зарплату', kk: 'Жалақыны көтеру', en: 'Raise <wages>' }, demands: ['wages'] },
    admin,
  );
  let version = made.body.version as string;
  for (const status of ['put_to_vote', 'adopted']) {
    version = (await postJson(`${url}/planks/${made.body.id}/status`, { prev: [version], status }, admin))
      .body.version;
  }
  // The title in Russian and English only: the Kazakh page falls back to the Russian one.
  const title = { ru: 'Программа <депо>', kk: '', en: 'Programme of the depots' };
  expect((await putJson(`${url}/title`, { title }, admin)).status).toBe(200);
  expect((await postJson(`${url}/publish`, {}, admin)).status).toBe(201);
  const view = await (await fetch(`${t.url}/api/v1/program`)).json();
  writeMirror(t.node, out.dir, { webRoot: DEFAULT_WEB_ROOT, program: view });
  manifest = JSON.parse(readFileSync(join(out.dir, 'mirror.json'), 'utf8'));
}, 60_000);
afterAll(async () => {
  out.remove();
  await t?.close();
});

describe('the mirror’s /program', () => {
  it('holds the public answer and names its files in the manifest', async () => {
    expect(manifest.program).toEqual({
      data: 'api/v1/program.json',
      pages: { ru: 'program/ru.html', kk: 'program/kk.html', en: 'program/en.html' },
    });
    const data = JSON.parse(readFileSync(join(out.dir, manifest.program!.data), 'utf8'));
    expect(data).toEqual(await (await fetch(`${t.url}/api/v1/program`)).json());
    // The node's page needs the API: the mirror carries static pages instead.
    expect(existsSync(join(out.dir, 'program.html'))).toBe(false);
    expect(existsSync(join(out.dir, 'program/index.html'))).toBe(true);
  });

  for (const [lang, plank, withheld, heading, lead] of [
    ['ru', 'Поднять зарплату', 'меньше 3', 'Общая программа', 'Программа &lt;депо&gt;'],
    ['kk', 'Жалақыны көтеру', '3 санынан аз', 'Ортақ бағдарлама', 'Программа &lt;депо&gt;'],
    ['en', 'Raise &lt;wages&gt;', 'fewer than 3', 'Common program', 'Programme of the depots'],
  ] as const) {
    it(`writes the page in ${lang} from files alone`, () => {
      const path = join(out.dir, manifest.program!.pages[lang]);
      const html = readFileSync(path, 'utf8');
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(`<h1>${heading}</h1>`);
      expect(html).toContain(`<p class="lead">${lead}</p>`);
      expect(html).toContain(`<strong>${plank}</strong>`);
      expect(html).not.toContain('<wages>');
      expect(html).not.toMatch(/<script/i);
      const union = html.match(/<tr data-key="union_rights">(.*?)<\/tr>/)?.[1] ?? '';
      expect(union).toContain(`<td class="num">${withheld}</td>`);
      const wages = html.match(/<tr data-key="wages">(.*?)<\/tr>/)?.[1] ?? '';
      expect(wages).toContain('<td class="num">4</td>');
      // Every style sheet and link it names is a file of the mirror (relative paths only).
      const refs = [...html.matchAll(/(?:href)="([^"#]+)"/g)].map((m) => m[1]!).filter((r) => r !== 'data:,');
      expect(refs.length).toBeGreaterThan(3);
      for (const ref of refs) expect(existsSync(join(dirname(path), ref)), ref).toBe(true);
      expect(refs.some((r) => /assets\/program-[A-Z0-9]+\.css$/.test(r))).toBe(true);
    });
  }
});
