// Taking a bundle from this node: as a file (for a peer, only what it has not acknowledged),
// or as a loop of QR codes played on the screen for another machine's camera.
import { batch, signal } from '@preact/signals';
import type { DeskContext } from './desk-context.js';
import { t } from './i18n.js';
import {
  downloadBundle,
  FRAMES_PER_SECOND,
  kilobytes,
  listPeers,
  loadQr,
  type PeerRow,
} from './transfer-api.js';

export interface QrLoop {
  frames: string[];
  playing: boolean;
}

export class ExportState {
  readonly peers = signal<PeerRow[]>([]);
  readonly peer = signal('');
  readonly exporting = signal(false);
  readonly error = signal<unknown>(null);
  readonly exported = signal<{ bytes: Uint8Array; name: string; url: string } | null>(null);

  readonly qr = signal<QrLoop | null>(null);
  /** The frame on the screen: drawn (an image) only once its picture is ready. */
  readonly shown = signal<{ index: number; src: string } | null>(null);
  readonly qrLoading = signal(false);
  readonly qrError = signal<unknown>(null);
  private index = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly images = new Map<number, string>();

  constructor(private readonly ctx: DeskContext) {}

  async loadPeers(): Promise<void> {
    try {
      this.peers.value = await listPeers();
    } catch (error) {
      // Without the list, a bundle of everything is still possible.
      this.ctx.signedOut(error);
    }
  }

  async exportBundle(): Promise<void> {
    this.stopLoop();
    batch(() => {
      this.exporting.value = true;
      this.error.value = null;
      this.qr.value = null;
      this.shown.value = null;
    });
    try {
      const { bytes, name } = await downloadBundle(this.peer.peek());
      const before = this.exported.peek();
      if (before) URL.revokeObjectURL(before.url);
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }),
      );
      this.exported.value = { bytes, name, url };
      this.ctx.announce(t('desk.transfer.export.ready', { size: kilobytes(bytes.length) }));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error.value = error;
    }
    this.exporting.value = false;
  }

  async showQr(): Promise<void> {
    const exported = this.exported.peek();
    if (!exported) return;
    batch(() => {
      this.qrLoading.value = true;
      this.qrError.value = null;
    });
    try {
      const lib = await loadQr();
      this.images.clear();
      this.index = 0;
      this.qr.value = { frames: lib.bundleToFrames(exported.bytes), playing: true };
      await this.draw();
      this.startLoop();
    } catch (error) {
      this.qrError.value = error;
    }
    this.qrLoading.value = false;
  }

  /** Put frame `this.index` on the screen, unless another was asked for meanwhile. */
  private async draw(): Promise<void> {
    const qr = this.qr.peek();
    if (!qr) return;
    const index = this.index;
    let src = this.images.get(index);
    if (!src) {
      src = await (await loadQr()).frameImage(qr.frames[index]!);
      this.images.set(index, src);
    }
    if (this.qr.peek() !== qr || this.index !== index) return;
    this.shown.value = { index, src };
  }

  private startLoop(): void {
    this.stopLoop();
    const qr = this.qr.peek();
    if (!qr?.playing || qr.frames.length < 2) return;
    let busy = false;
    this.timer = setInterval(() => {
      if (this.qr.peek() !== qr) {
        this.stopLoop();
        return;
      }
      if (busy) return;
      busy = true;
      this.index = (this.index + 1) % qr.frames.length;
      void this.draw().finally(() => {
        busy = false;
      });
    }, 1000 / FRAMES_PER_SECOND);
  }

  stopLoop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  togglePlay(): void {
    const qr = this.qr.peek();
    if (!qr) return;
    this.qr.value = { ...qr, playing: !qr.playing };
    if (qr.playing) this.stopLoop();
    else this.startLoop();
  }

  /** One frame back or forward, while paused. */
  step(by: number): void {
    const qr = this.qr.peek();
    if (!qr) return;
    this.index = (this.index + by + qr.frames.length) % qr.frames.length;
    void this.draw();
  }

  /** The panel was left (it may come back, as it was, after a password change): pause the loop. */
  dispose(): void {
    this.stopLoop();
    const qr = this.qr.peek();
    if (qr?.playing) this.qr.value = { ...qr, playing: false };
  }
}
