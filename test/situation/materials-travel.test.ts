import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMaterials } from '../../src/cli/demo-materials.js';
import { publishArticle } from '../../src/desk/events.js';
import { publishMaterial, withdrawMaterial } from '../../src/desk/materials.js';
import { getMaterial, listMaterials } from '../../src/situation/materials.js';
import { type MirrorManifest, writeMirror } from '../../src/situation/mirror.js';
import { exportBundle, importBundle } from '../../src/sync/bundle.js';
import { startTestNode, type TestNode, tempDir } from '../support/node.js';

const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

let desk: TestNode;
let relay: TestNode;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
  await seedDemoMaterials(desk.node);
  await publishMaterial(desk.node, {
    material: {
      id: 'leaflet:pay-en',
      title: 'Pay & "bonuses" <now>',
      lang: 'en',
      topics: ['demands', 'rights'],
      markdown: '## Ask\n\n<script>alert(1)</script> **together**',
    },
    actor: 'test',
  });
}, 60_000);
afterAll(async () => {
  await desk?.close();
  await relay?.close();
});

describe('materials travel', () => {
  it('in a bundle: a relay that imports it lists the same materials, translations linked; a withdrawal follows', async () => {
    const first = await importBundle(relay.node, exportBundle(desk.node).bytes);
    expect(first.new).toBeGreaterThanOrEqual(7);
    expect(first.rejected).toEqual({});
    const there = listMaterials(relay.node, { lang: 'kk' }).materials;
    expect(there.map((m) => m.id).sort()).toEqual([
      'demo-material-initiative-group-kk',
      'demo-material-safe-report-kk',
    ]);
    expect(getMaterial(relay.node, 'demo-material-safe-report-kk').translations.map((t) => t.lang)).toEqual([
      'ru',
      'en',
    ]);
    expect(getMaterial(relay.node, 'demo-material-safe-report-kk').markdown).toBe(
      getMaterial(desk.node, 'demo-material-safe-report-kk').markdown,
    );

    withdrawMaterial(desk.node, { id: 'demo-material-safe-report-kk', actor: 'test' });
    await importBundle(relay.node, exportBundle(desk.node).bytes);
    expect(() => getMaterial(relay.node, 'demo-material-safe-report-kk')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(listMaterials(relay.node).materials).toHaveLength(6);
  });

  it('in the static mirror: /learn and each material as HTML, escaped, with a QR code of its address', async () => {
    // Typed `material` in the News form, with a topic outside the list: listed under "Other".
    await publishArticle(desk.node, {
      article: {
        id: 'history-en',
        title: 'A short history',
        type: 'material',
        lang: 'en',
        topics: ['history'],
        markdown: 'Once.',
      },
      actor: 'test',
    });
    const out = tempDir('tilshi-learn-mirror-');
    try {
      writeMirror(desk.node, out.dir, { webRoot: WEB_ROOT, baseUrl: 'https://mirror.example/kz' });
      const manifest = JSON.parse(readFileSync(join(out.dir, 'mirror.json'), 'utf8')) as MirrorManifest;
      const index = readFileSync(join(out.dir, manifest.learn.page), 'utf8');
      // By language, by topic, in each language's words.
      for (const text of [
        'Материалы · Русский',
        'Ұйымдастыру',
        'Organizing',
        'Демо: Как создать инициативную группу',
      ]) {
        expect(index).toContain(text);
      }
      expect(index).toContain('href="../learn/leaflet%3Apay-en/"');
      expect(index).toContain('Pay &amp; &quot;bonuses&quot; &lt;now&gt;');
      expect(index).not.toMatch(/<script/);
      const listed = JSON.parse(readFileSync(join(out.dir, manifest.learn.materials), 'utf8'));
      expect(listed.materials).toHaveLength(7);
      expect(index).toMatch(
        /<h3>Other<\/h3><ul class="materials"><li><a class="material-link" href="..\/learn\/history-en\/">/,
      );

      const leaflet = readFileSync(join(out.dir, 'learn/leaflet:pay-en/index.html'), 'utf8');
      expect(leaflet).toContain('<strong>together</strong>');
      expect(leaflet).toContain('&lt;script&gt;');
      expect(leaflet).not.toMatch(/<script/);
      expect(leaflet).toMatch(/<aside class="print-qr"[^>]*><svg class="qr"/);
      expect(leaflet).toContain('https://mirror.example/kz/learn/leaflet%3Apay-en/');
      expect(leaflet).toMatch(/href="\.\.\/\.\.\/assets\/learn-[A-Z0-9]+\.css"/);
      const ru = readFileSync(join(out.dir, 'learn/demo-material-initiative-group-ru/index.html'), 'utf8');
      expect(ru).toContain('<html lang="ru">');
      expect(ru).toContain('Также на:');
      expect(ru).toContain('href="../../learn/demo-material-initiative-group-kk/"');
      // The node's /learn app is not copied: it needs a node's API.
      expect(existsSync(join(out.dir, 'learn.html'))).toBe(false);
    } finally {
      out.remove();
    }
  });
});
