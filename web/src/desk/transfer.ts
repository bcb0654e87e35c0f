// Transfer (`#/transfer`): bundles for an air-gapped desk and couriers. Download what this node
// holds as a bundle file (for a peer: only what it has not acknowledged) or show it as a loop of
// QR codes; upload a bundle file, or read a QR loop with the camera (or from pictures), and
// store it on this node. The QR code libraries are loaded only when a QR code is shown or read.
import { h } from '../shared/dom.js';
import { ApiError, api, errorText } from '../shared/http.js';
import { formatNumber, has, t } from '../shared/i18n.js';
import type { FrameReader, ReadProgress } from './transfer-qr.js';
import { button, type DeskContext, type DeskView, labelled, select } from './ui.js';

/** What `POST /api/v1/sync/bundle` answers. */
export interface ImportAnswer {
  sender: string;
  total: number;
  new: number;
  duplicates: number;
  rejected: Record<string, number>;
}

interface PeerRow {
  name: string | null;
  url: string | null;
  node_npub: string | null;
}

type QrModule = typeof import('./transfer-qr.js');
let qrModule: Promise<QrModule> | null = null;
/** The QR libraries, fetched once (a separate file: most of the desk's weight otherwise). */
function loadQr(): Promise<QrModule> {
  if (!qrModule) {
    qrModule = import('./transfer-qr.js');
    qrModule.catch(() => {
      qrModule = null;
    });
  }
  return qrModule;
}

/** Frames shown per second: a phone camera reads 5 a second comfortably. */
const FRAMES_PER_SECOND = 5;
/** How often the camera picture is searched for a code. */
const SCAN_INTERVAL_MS = 120;

async function failure(res: Response): Promise<ApiError> {
  const data = (await res.json().catch(() => undefined)) as
    | { error?: { code?: unknown; message?: unknown } }
    | undefined;
  const code = typeof data?.error?.code === 'string' ? data.error.code : `http_${res.status}`;
  const message = typeof data?.error?.message === 'string' ? data.error.message : res.statusText;
  return new ApiError(res.status, code, message);
}

/** `GET /api/v1/sync/bundle`: the file's bytes and the name the node gives it. */
export async function downloadBundle(peer: string): Promise<{ bytes: Uint8Array; name: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/sync/bundle${peer ? `?peer=${encodeURIComponent(peer)}` : ''}`, {
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'The node cannot be reached');
  }
  if (!res.ok) throw await failure(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { bytes: new Uint8Array(await res.arrayBuffer()), name: name ?? 'tilshi.tilshi' };
}

/** `POST /api/v1/sync/bundle`: store a bundle's events on this node. */
export async function uploadBundle(body: Blob | Uint8Array, csrf: string): Promise<ImportAnswer> {
  let res: Response;
  try {
    res = await fetch('/api/v1/sync/bundle', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/gzip', accept: 'application/json', 'x-csrf-token': csrf },
      body: body as Blob | Uint8Array<ArrayBuffer>,
    });
  } catch {
    throw new ApiError(0, 'network', 'The node cannot be reached');
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportAnswer;
}

function transferError(error: unknown): string {
  const code = error instanceof ApiError ? error.code : '';
  if (code && has(`desk.transfer.error.${code}`)) return t(`desk.transfer.error.${code}`);
  if (!(error instanceof ApiError) && error instanceof Error && error.message) return error.message;
  return errorText(error, 'desk');
}

function kilobytes(bytes: number): string {
  return formatNumber(Math.max(0.1, Math.round(bytes / 102.4) / 10));
}

export class TransferView implements DeskView {
  private peers: PeerRow[] = [];
  private peer = '';
  private exporting = false;
  private exportError: unknown = null;
  private exported: { bytes: Uint8Array; name: string; url: string } | null = null;

  private qr: { frames: string[]; index: number; playing: boolean } | null = null;
  private qrLoading = false;
  private qrError: unknown = null;
  private qrTimer: number | undefined;
  private readonly qrImage = h('img', { id: 'transfer-qr-image', class: 'transfer-qr', alt: '' });
  private readonly qrCaption = h('p', { id: 'transfer-qr-caption', class: 'muted', 'aria-live': 'off' });
  private images = new Map<number, string>();

  private uploading = false;
  private result: ImportAnswer | null = null;
  private uploadError: unknown = null;

  private reader: FrameReader | null = null;
  private scanning: 'off' | 'starting' | 'on' = 'off';
  private scanError: unknown = null;
  private stream: MediaStream | null = null;
  private scanTimer: number | undefined;
  private readonly video = h('video', { id: 'transfer-video', class: 'transfer-video', muted: true });
  private readonly canvas = h('canvas');
  private readonly scanProgress = h('progress', { id: 'transfer-scan-progress', max: 1, value: 0 });
  private readonly scanText = h('p', { id: 'transfer-scan-text', class: 'muted' });

  constructor(private ctx: DeskContext) {
    this.video.playsInline = true;
    this.video.muted = true;
    if (ctx.canEdit) void this.loadPeers();
  }

  title(): string {
    return t('desk.transfer.title');
  }

  private async loadPeers(): Promise<void> {
    try {
      const body = await api<{ peers: PeerRow[] }>('/api/v1/sync/peers');
      this.peers = Array.isArray(body.peers) ? body.peers.filter((p) => p.node_npub) : [];
      this.ctx.redraw();
    } catch (error) {
      // Without the list, a bundle of everything is still possible.
      this.ctx.signedOut(error);
    }
  }

  // ---- Download and show as QR ----

  private async exportBundle(): Promise<void> {
    this.exporting = true;
    this.exportError = null;
    this.stopQr();
    this.qr = null;
    this.ctx.redraw();
    try {
      const { bytes, name } = await downloadBundle(this.peer);
      if (this.exported) URL.revokeObjectURL(this.exported.url);
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }),
      );
      this.exported = { bytes, name, url };
      this.ctx.announce(t('desk.transfer.export.ready', { size: kilobytes(bytes.length) }));
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.exportError = error;
    }
    this.exporting = false;
    this.ctx.redraw();
  }

  private async showQr(): Promise<void> {
    if (!this.exported) return;
    this.qrLoading = true;
    this.qrError = null;
    this.ctx.redraw();
    try {
      const lib = await loadQr();
      this.images.clear();
      this.qr = { frames: lib.bundleToFrames(this.exported.bytes), index: 0, playing: true };
      await this.drawFrame();
      this.startQr();
    } catch (error) {
      this.qrError = error;
    }
    this.qrLoading = false;
    this.ctx.redraw();
  }

  private async drawFrame(): Promise<void> {
    const qr = this.qr;
    if (!qr) return;
    const index = qr.index;
    let src = this.images.get(index);
    if (!src) {
      src = await (await loadQr()).frameImage(qr.frames[index]!);
      this.images.set(index, src);
    }
    if (this.qr !== qr || qr.index !== index) return;
    this.qrImage.src = src;
    this.qrImage.alt = t('desk.transfer.qr.alt', { n: index + 1, total: qr.frames.length });
    this.qrImage.dataset.frame = String(index);
    this.qrImage.dataset.frames = String(qr.frames.length);
    this.qrCaption.textContent = t('desk.transfer.qr.frame', { n: index + 1, total: qr.frames.length });
  }

  private startQr(): void {
    this.stopQr();
    const qr = this.qr;
    if (!qr?.playing || qr.frames.length < 2) return;
    let busy = false;
    this.qrTimer = window.setInterval(() => {
      // The view was left: stop.
      if (!this.qrImage.isConnected || this.qr !== qr) {
        this.stopQr();
        return;
      }
      if (busy) return;
      busy = true;
      qr.index = (qr.index + 1) % qr.frames.length;
      void this.drawFrame().finally(() => {
        busy = false;
      });
    }, 1000 / FRAMES_PER_SECOND);
  }

  private stopQr(): void {
    if (this.qrTimer !== undefined) window.clearInterval(this.qrTimer);
    this.qrTimer = undefined;
  }

  private togglePlay(): void {
    if (!this.qr) return;
    this.qr.playing = !this.qr.playing;
    if (this.qr.playing) this.startQr();
    else this.stopQr();
    this.ctx.redraw();
  }

  private step(by: number): void {
    const qr = this.qr;
    if (!qr) return;
    qr.index = (qr.index + by + qr.frames.length) % qr.frames.length;
    void this.drawFrame();
  }

  // ---- Upload ----

  private async upload(body: Blob | Uint8Array): Promise<void> {
    this.uploading = true;
    this.uploadError = null;
    this.result = null;
    this.ctx.redraw();
    try {
      this.result = await uploadBundle(body, this.ctx.session.csrf_token);
      this.ctx.announce(
        t('desk.transfer.result.summary', {
          new: formatNumber(this.result.new),
          duplicates: formatNumber(this.result.duplicates),
          total: formatNumber(this.result.total),
        }),
      );
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.uploadError = error;
    }
    this.uploading = false;
    this.ctx.redraw();
  }

  private onFile(inputEl: HTMLInputElement): void {
    const file = inputEl.files?.[0];
    inputEl.value = '';
    if (file) void this.upload(file);
  }

  // ---- Reading a QR loop ----

  private async ensureReader(): Promise<FrameReader> {
    if (!this.reader) {
      const lib = await loadQr();
      this.reader = new lib.FrameReader();
      this.showProgress({ accepted: false, complete: false, progress: 0 });
    }
    return this.reader;
  }

  private showProgress(p: ReadProgress): void {
    const frames = this.reader?.frames ?? 0;
    this.scanProgress.value = p.progress;
    this.scanText.textContent = t('desk.transfer.scan.progress', {
      percent: Math.floor(p.progress * 100),
      frames: formatNumber(frames),
    });
  }

  /** Every picture (camera or file) goes here: find a code, take it, upload when whole. */
  private take(image: ImageData, reader: FrameReader): boolean {
    const p = reader.receiveImage(image);
    if (!p) return false;
    this.showProgress(p);
    if (!p.complete) return false;
    this.finishScan(reader);
    return true;
  }

  private finishScan(reader: FrameReader): void {
    this.stopCamera();
    this.reader = null;
    let bytes: Uint8Array;
    try {
      bytes = reader.result();
    } catch (error) {
      this.scanError = error;
      this.ctx.redraw();
      return;
    }
    this.ctx.announce(t('desk.transfer.scan.done', { size: kilobytes(bytes.length) }));
    void this.upload(bytes);
  }

  private pixels(source: CanvasImageSource, width: number, height: number): ImageData {
    // A camera picture of a screen needs no more than ~1000 pixels across to read.
    const scale = Math.min(1, 1000 / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const hgt = Math.max(1, Math.round(height * scale));
    this.canvas.width = w;
    this.canvas.height = hgt;
    const g = this.canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(source, 0, 0, w, hgt);
    return g.getImageData(0, 0, w, hgt);
  }

  private async startCamera(): Promise<void> {
    this.scanError = null;
    this.scanning = 'starting';
    this.ctx.redraw();
    try {
      const reader = await this.ensureReader();
      if (!navigator.mediaDevices?.getUserMedia) throw new ApiError(0, 'no_camera', 'no camera');
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
      if (this.scanning !== 'starting') {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      this.video.srcObject = stream;
      await this.video.play();
      this.scanning = 'on';
      this.scanTimer = window.setInterval(() => {
        if (!this.video.isConnected) {
          this.stopCamera();
          return;
        }
        const { videoWidth: w, videoHeight: hgt } = this.video;
        if (w > 0 && hgt > 0) this.take(this.pixels(this.video, w, hgt), reader);
      }, SCAN_INTERVAL_MS);
    } catch (error) {
      this.stopCamera();
      this.scanError =
        error instanceof DOMException ? new ApiError(0, `camera_${error.name}`, error.message) : error;
    }
    this.ctx.redraw();
  }

  private stopCamera(): void {
    if (this.scanTimer !== undefined) window.clearInterval(this.scanTimer);
    this.scanTimer = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    if (this.scanning !== 'off') {
      this.scanning = 'off';
      this.ctx.redraw();
    }
  }

  /** Pictures of the frames (photos, screenshots): read one by one, as the camera would. */
  private async onImages(inputEl: HTMLInputElement): Promise<void> {
    const files = Array.from(inputEl.files ?? []);
    inputEl.value = '';
    if (files.length === 0) return;
    this.scanError = null;
    try {
      const reader = await this.ensureReader();
      this.ctx.redraw();
      for (const file of files) {
        const bitmap = await createImageBitmap(file);
        const done = this.take(this.pixels(bitmap, bitmap.width, bitmap.height), reader);
        bitmap.close();
        if (done) return;
      }
    } catch (error) {
      this.scanError = error;
    }
    this.ctx.redraw();
  }

  private resetScan(): void {
    this.stopCamera();
    this.reader = null;
    this.scanError = null;
    this.ctx.redraw();
  }

  // ---- Drawing ----

  private exportSection(): HTMLElement {
    const peerSelect = select('peer', this.peer, [
      { value: '', label: t('desk.transfer.export.everything') },
      ...this.peers.map((p) => ({
        value: p.node_npub!,
        label: p.name ? `${p.name} (${p.node_npub!.slice(0, 14)}…)` : `${p.node_npub!.slice(0, 20)}…`,
      })),
    ]);
    peerSelect.addEventListener('change', () => {
      this.peer = peerSelect.value;
    });
    const qr = this.qr;
    return h(
      'section',
      { class: 'panel', 'aria-labelledby': 'transfer-export-heading' },
      h('h2', { id: 'transfer-export-heading' }, t('desk.transfer.export.heading')),
      h('p', { class: 'hint' }, t('desk.transfer.export.hint')),
      labelled('transfer-peer', t('desk.transfer.export.peer'), peerSelect, {
        hint: t('desk.transfer.export.peer_hint'),
      }),
      h(
        'p',
        { class: 'actions' },
        button(t('desk.transfer.export.make'), () => void this.exportBundle(), {
          id: 'transfer-export',
          class: 'primary',
          disabled: this.exporting,
        }),
      ),
      this.exporting ? h('p', { class: 'muted', role: 'status' }, t('common.loading')) : null,
      this.exportError ? h('p', { class: 'error', role: 'alert' }, transferError(this.exportError)) : null,
      this.exported
        ? h(
            'div',
            { id: 'transfer-exported' },
            h('p', null, t('desk.transfer.export.ready', { size: kilobytes(this.exported.bytes.length) })),
            h(
              'p',
              { class: 'actions' },
              h(
                'a',
                {
                  href: this.exported.url,
                  download: this.exported.name,
                  class: 'button-link',
                  id: 'transfer-save',
                },
                t('desk.transfer.export.save'),
              ),
              button(t('desk.transfer.qr.show'), () => void this.showQr(), {
                id: 'transfer-qr-show',
                disabled: this.qrLoading,
              }),
            ),
          )
        : null,
      this.qrLoading ? h('p', { class: 'muted', role: 'status' }, t('desk.transfer.qr.loading')) : null,
      this.qrError ? h('p', { class: 'error', role: 'alert' }, transferError(this.qrError)) : null,
      qr
        ? h(
            'figure',
            { class: 'transfer-qr-figure' },
            this.qrImage,
            h(
              'figcaption',
              null,
              h('p', { class: 'hint' }, t('desk.transfer.qr.hint')),
              this.qrCaption,
              h(
                'p',
                { class: 'actions' },
                button(t('desk.transfer.qr.previous'), () => this.step(-1), {
                  id: 'transfer-qr-prev',
                  disabled: qr.playing,
                }),
                button(
                  qr.playing ? t('desk.transfer.qr.pause') : t('desk.transfer.qr.play'),
                  () => this.togglePlay(),
                  { id: 'transfer-qr-play' },
                ),
                button(t('desk.transfer.qr.next'), () => this.step(1), {
                  id: 'transfer-qr-next',
                  disabled: qr.playing,
                }),
              ),
            ),
          )
        : null,
    );
  }

  private resultLines(): HTMLElement | null {
    if (this.uploading) return h('p', { class: 'muted', role: 'status' }, t('desk.transfer.upload.busy'));
    if (this.uploadError)
      return h(
        'p',
        { class: 'error', role: 'alert', id: 'transfer-result' },
        transferError(this.uploadError),
      );
    const r = this.result;
    if (!r) return null;
    const rejected = Object.entries(r.rejected ?? {});
    return h(
      'div',
      { class: 'notice', id: 'transfer-result', role: 'status' },
      h(
        'p',
        null,
        h(
          'strong',
          null,
          t('desk.transfer.result.summary', {
            new: formatNumber(r.new),
            duplicates: formatNumber(r.duplicates),
            total: formatNumber(r.total),
          }),
        ),
      ),
      h(
        'p',
        { class: 'muted' },
        t('desk.transfer.result.sender'),
        ' ',
        h('code', { class: 'key' }, r.sender),
      ),
      rejected.length
        ? h(
            'div',
            null,
            h('p', null, t('desk.transfer.result.rejected')),
            h(
              'ul',
              null,
              rejected.map(([code, n]) => h('li', null, h('code', null, code), `: ${formatNumber(n)}`)),
            ),
          )
        : null,
    );
  }

  private importSection(): HTMLElement {
    const file = h('input', { type: 'file', accept: '.tilshi,application/gzip', disabled: this.uploading });
    file.addEventListener('change', () => this.onFile(file));
    const pictures = h('input', { type: 'file', accept: 'image/*', multiple: true });
    pictures.addEventListener('change', () => void this.onImages(pictures));
    const reading = this.reader !== null || this.scanning !== 'off';
    return h(
      'section',
      { class: 'panel', 'aria-labelledby': 'transfer-import-heading' },
      h('h2', { id: 'transfer-import-heading' }, t('desk.transfer.import.heading')),
      h('p', { class: 'hint' }, t('desk.transfer.import.hint')),
      labelled('transfer-file', t('desk.transfer.import.file'), file),
      h('h3', null, t('desk.transfer.scan.heading')),
      h('p', { class: 'hint' }, t('desk.transfer.scan.hint')),
      h(
        'p',
        { class: 'actions' },
        this.scanning === 'off'
          ? button(t('desk.transfer.scan.start'), () => void this.startCamera(), {
              id: 'transfer-scan-start',
            })
          : button(t('desk.transfer.scan.stop'), () => this.stopCamera(), { id: 'transfer-scan-stop' }),
        reading
          ? button(t('desk.transfer.scan.reset'), () => this.resetScan(), { id: 'transfer-scan-reset' })
          : null,
      ),
      this.scanning !== 'off' ? this.video : null,
      reading ? h('div', { class: 'transfer-progress' }, this.scanProgress, this.scanText) : null,
      labelled('transfer-images', t('desk.transfer.scan.images'), pictures, {
        hint: t('desk.transfer.scan.images_hint'),
      }),
      this.scanError ? h('p', { class: 'error', role: 'alert' }, transferError(this.scanError)) : null,
      this.resultLines(),
    );
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view transfer' },
      h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, this.title())),
      h('p', null, t('desk.transfer.intro')),
      this.ctx.canEdit ? this.exportSection() : h('p', { class: 'muted' }, t('desk.transfer.export.no_role')),
      this.importSection(),
    );
  }
}
