// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byId, click, mount, settle, stubFetch, testContext } from './test-support.js';
import { TransferView } from './transfer.js';
import { ImportState } from './transfer-import.js';

/** The QR libraries stand in: frames are their numbers, a frame's picture its text. */
const drawnFrames: string[] = [];
vi.mock('./transfer-qr.js', () => ({
  bundleToFrames: (bytes: Uint8Array) => Array.from({ length: 4 }, (_, i) => `F${i}-${bytes.length}`),
  frameImage: async (text: string) => {
    drawnFrames.push(text);
    return `data:image/png;base64,${btoa(text)}`;
  },
  FrameReader: class {
    frames = 0;
  },
}));

afterEach(() => vi.unstubAllGlobals());

const SENDER = 'ef'.repeat(32);

function node(options: { refuse?: string } = {}) {
  return stubFetch(({ path, method }) => {
    if (path === '/api/v1/sync/peers')
      return {
        body: {
          peers: [
            { name: 'Aktau', url: null, node_npub: 'npub1aktau0000000000000000' },
            { name: 'x', url: null, node_npub: null },
          ],
        },
      };
    if (path.startsWith('/api/v1/sync/bundle') && method === 'GET')
      return {
        body: { bytes: 'x'.repeat(300) },
        headers: {
          'content-type': 'application/gzip',
          'content-disposition': 'attachment; filename="tilshi-2026-11-24.tilshi"',
        },
      };
    if (path === '/api/v1/sync/bundle' && method === 'POST') {
      if (options.refuse) return { status: 400, body: { error: { code: options.refuse, message: 'no' } } };
      return { body: { sender: SENDER, total: 5, new: 3, duplicates: 1, rejected: { bad_signature: 1 } } };
    }
    return undefined;
  });
}

const wait = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe('the Transfer panel', () => {
  it('prepares a bundle for a peer, offers it as a file and plays it as a loop of QR codes', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    const root = await mount(<TransferView />, ctx);
    const peer = byId<HTMLSelectElement>('transfer-peer');
    expect(Array.from(peer.options).map((o) => o.value)).toEqual(['', 'npub1aktau0000000000000000']);
    peer.value = 'npub1aktau0000000000000000';
    peer.dispatchEvent(new Event('change', { bubbles: true }));
    await click(byId('transfer-export'));
    expect(calls.some((c) => c.path === '/api/v1/sync/bundle?peer=npub1aktau0000000000000000')).toBe(true);
    const save = byId<HTMLAnchorElement>('transfer-save');
    expect(save.getAttribute('download')).toBe('tilshi-2026-11-24.tilshi');
    expect(save.getAttribute('href')).toMatch(/^blob:/);
    expect(asked.announced).toHaveLength(1);

    await click(byId('transfer-qr-show'));
    const image = byId<HTMLImageElement>('transfer-qr-image');
    expect(image.dataset.frames).toBe('4');
    const first = image.dataset.frame;
    await wait(500);
    expect(byId('transfer-qr-image').dataset.frame).not.toBe(first);
    expect(byId<HTMLButtonElement>('transfer-qr-next').disabled).toBe(true);

    await click(byId('transfer-qr-play'));
    expect(byId('transfer-qr-play').textContent).toBe('Play');
    const paused = Number(image.dataset.frame);
    await click(byId('transfer-qr-next'));
    expect(image.dataset.frame).toBe(String((paused + 1) % 4));
    expect(byId('transfer-qr-caption').textContent).toBe(`Code ${((paused + 1) % 4) + 1} of 4`);
    await click(byId('transfer-qr-prev'));
    await click(byId('transfer-qr-prev'));
    expect(image.dataset.frame).toBe(String((paused + 3) % 4));
    expect(image.getAttribute('src')).toBe(
      `data:image/png;base64,${btoa(`F${(paused + 3) % 4}-${'{"bytes":"'.length + 302}`)}`,
    );

    // Playing again, then leaving the panel: the loop stops.
    await click(byId('transfer-qr-play'));
    await act(() => render(null, root));
    const drawn = drawnFrames.length;
    await wait(500);
    expect(drawnFrames.length).toBe(drawn);
  });

  it('stores an uploaded file and says what came in, or why it was refused', async () => {
    const calls = node();
    const { ctx } = testContext();
    await mount(<TransferView />, ctx);
    const input = byId<HTMLInputElement>('transfer-file');
    const upload = async () => {
      Object.defineProperty(input, 'files', {
        configurable: true,
        value: [new File([new Uint8Array([1, 2, 3])], 'courier.tilshi')],
      });
      await act(() => {
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await settle();
    };
    await upload();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.headers['x-csrf-token']).toBe('csrf-1');
    expect(byId('transfer-result').querySelector('strong')?.textContent).toBe('3 new, 1 already here, of 5.');
    expect(byId('transfer-result').querySelector('code.key')?.textContent).toBe(SENDER);
    expect(byId('transfer-result').querySelector('li')?.textContent).toBe('bad_signature: 1');

    node({ refuse: 'bad_bundle' });
    await upload();
    expect(byId('transfer-result').textContent).toBe('This is not a bundle file, or it is cut short.');
  });

  it('says so when there is no camera, and starts over', async () => {
    node();
    const { ctx } = testContext();
    const root = await mount(<TransferView />, ctx);
    await click(byId('transfer-scan-start'));
    await settle();
    expect(root.querySelector('.error')?.textContent).toBe('This browser has no camera access here.');
    expect(byId('transfer-scan-start')).toBeTruthy();
    expect(byId('transfer-scan-text').textContent).toBe('0% read, 0 codes');
    await click(byId('transfer-scan-reset'));
    expect(root.querySelector('.error')).toBeNull();
    expect(document.getElementById('transfer-scan-progress')).toBeNull();
  });

  it('uploads the bundle once the frames read make it whole', async () => {
    const calls = node();
    const { ctx, asked } = testContext();
    const state = new ImportState(ctx);
    const answers = [
      null,
      { accepted: true, complete: false, progress: 0.5 },
      { accepted: true, complete: true, progress: 1 },
    ];
    const reader = {
      frames: 0,
      receiveImage: () => answers.shift() ?? null,
      result: () => new Uint8Array([9, 9]),
    } as unknown as Parameters<ImportState['take']>[1];
    const picture = {} as ImageData;
    expect(state.take(picture, reader)).toBe(false);
    expect(state.reading.value).toBeNull();
    expect(state.take(picture, reader)).toBe(false);
    expect(state.reading.value?.progress).toBe(0.5);
    expect(state.take(picture, reader)).toBe(true);
    await settle();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(asked.announced[0]).toBe('All codes read: 0.1 KB.');
    expect(state.result.value?.new).toBe(3);
  });
});
