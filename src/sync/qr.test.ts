import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, startTestNode, type TestNode } from '../../test/support/node.js';
import { exportBundle, importBundle } from './bundle.js';
import { bundleToQrFrames, QrBundleReader, renderQrFrame } from './qr.js';

// jsqr is CommonJS with an ES-style default export: take the function whichever way it comes.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/** A small deterministic generator, so that a failure can be replayed. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let desk: TestNode;
let relay: TestNode;
beforeAll(async () => {
  desk = await startTestNode();
  relay = await startTestNode({ role: 'relay', deskPubkey: desk.node.deskPubkey! });
});
afterAll(async () => {
  await relay.close();
  await desk.close();
});

describe('animated QR', () => {
  it('a bundle survives rendering, a camera decoder (jsQR) and 30% of frames lost, in any order', async () => {
    const wraps = Array.from({ length: 4 }, (_, i) =>
      buildWrap(desk.node.deskPubkey!, { text: `report ${i}` }),
    );
    await relay.node.ingest.submit(wraps);
    const { bytes } = exportBundle(relay.node);
    const frames = bundleToQrFrames(bytes, { fragmentBytes: 250 });
    expect(frames.length).toBeGreaterThan(10);

    const random = seeded(20220105);
    const kept = frames.filter(() => random() >= 0.3);
    expect(kept.length).toBeLessThanOrEqual(Math.ceil(frames.length * 0.8));
    // Shuffle: a camera joins the loop anywhere and frames come as they come.
    for (let i = kept.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [kept[i], kept[j]] = [kept[j]!, kept[i]!];
    }
    const reader = new QrBundleReader();
    let complete = false;
    for (const text of kept) {
      const image = renderQrFrame(text, 3);
      const decoded = jsQR(image.data, image.width, image.height);
      expect(decoded?.data).toBe(text);
      complete = reader.receive(decoded!.data).complete;
      if (complete) break;
    }
    expect(complete).toBe(true);
    const out = reader.result();
    expect(Buffer.from(out).equals(bytes)).toBe(true);
    const imported = await importBundle(desk.node, out);
    expect(imported.new).toBe(4);
  }, 60_000);

  it('ignores frames of other codes and says when it is not whole yet', () => {
    const reader = new QrBundleReader();
    expect(reader.receive('https://example.org').complete).toBe(false);
    expect(() => reader.result()).toThrow(expect.objectContaining({ code: 'qr_incomplete' }));
  });
});
