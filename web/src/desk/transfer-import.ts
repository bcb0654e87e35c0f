// Bringing a bundle to this node: a file, or a QR loop read with the camera (or from pictures
// of its frames), stored once every frame needed has been read.
import { batch, signal } from '@preact/signals';
import { createRef } from 'preact';
import { ApiError } from '../shared/http.js';
import type { DeskContext } from './desk-context.js';
import { formatNumber, t } from './i18n.js';
import { type ImportAnswer, kilobytes, loadQr, SCAN_INTERVAL_MS, uploadBundle } from './transfer-api.js';
import type { FrameReader, ReadProgress } from './transfer-qr.js';

export class ImportState {
  readonly uploading = signal(false);
  readonly result = signal<ImportAnswer | null>(null);
  readonly uploadError = signal<unknown>(null);

  /** A QR loop being read: its progress (0..1) and the frames taken; null when none is. */
  readonly reading = signal<{ progress: number; frames: number } | null>(null);
  readonly scanning = signal<'off' | 'starting' | 'on'>('off');
  readonly scanError = signal<unknown>(null);
  /** The camera's picture, shown while it reads. */
  readonly video = createRef<HTMLVideoElement>();
  private reader: FrameReader | null = null;
  private stream: MediaStream | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private canvas: HTMLCanvasElement | null = null;

  constructor(private readonly ctx: DeskContext) {}

  async upload(body: Blob | Uint8Array): Promise<void> {
    batch(() => {
      this.uploading.value = true;
      this.uploadError.value = null;
      this.result.value = null;
    });
    try {
      const result = await uploadBundle(body, this.ctx.session.csrf_token);
      this.result.value = result;
      this.ctx.announce(
        t('desk.transfer.result.summary', {
          new: formatNumber(result.new),
          duplicates: formatNumber(result.duplicates),
          total: formatNumber(result.total),
        }),
      );
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.uploadError.value = error;
    }
    this.uploading.value = false;
  }

  private async ensureReader(): Promise<FrameReader> {
    if (!this.reader) {
      const lib = await loadQr();
      this.reader = new lib.FrameReader();
      this.showProgress({ accepted: false, complete: false, progress: 0 });
    }
    return this.reader;
  }

  private showProgress(p: ReadProgress): void {
    this.reading.value = { progress: p.progress, frames: this.reader?.frames ?? 0 };
  }

  /** Every picture (camera or file) goes here: find a code, take it, upload when whole. */
  take(image: ImageData, reader: FrameReader): boolean {
    const p = reader.receiveImage(image);
    if (!p) return false;
    this.showProgress(p);
    if (!p.complete) return false;
    this.finish(reader);
    return true;
  }

  private finish(reader: FrameReader): void {
    this.stopCamera();
    this.reader = null;
    this.reading.value = null;
    let bytes: Uint8Array;
    try {
      bytes = reader.result();
    } catch (error) {
      this.scanError.value = error;
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
    this.canvas ??= document.createElement('canvas');
    this.canvas.width = w;
    this.canvas.height = hgt;
    const g = this.canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(source, 0, 0, w, hgt);
    return g.getImageData(0, 0, w, hgt);
  }

  async startCamera(): Promise<void> {
    batch(() => {
      this.scanError.value = null;
      this.scanning.value = 'starting';
    });
    try {
      const reader = await this.ensureReader();
      if (!navigator.mediaDevices?.getUserMedia) throw new ApiError(0, 'no_camera', 'no camera');
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
      const video = this.video.current;
      if (this.scanning.peek() !== 'starting' || !video) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      video.srcObject = stream;
      await video.play();
      this.scanning.value = 'on';
      this.timer = setInterval(() => {
        const { videoWidth: w, videoHeight: hgt } = video;
        if (w > 0 && hgt > 0) this.take(this.pixels(video, w, hgt), reader);
      }, SCAN_INTERVAL_MS);
    } catch (error) {
      this.stopCamera();
      this.scanError.value =
        error instanceof DOMException ? new ApiError(0, `camera_${error.name}`, error.message) : error;
    }
  }

  stopCamera(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.video.current) this.video.current.srcObject = null;
    this.scanning.value = 'off';
  }

  /** Pictures of the frames (photos, screenshots): read one by one, as the camera would. */
  async readImages(files: File[]): Promise<void> {
    if (files.length === 0) return;
    this.scanError.value = null;
    try {
      const reader = await this.ensureReader();
      for (const file of files) {
        const bitmap = await createImageBitmap(file);
        const done = this.take(this.pixels(bitmap, bitmap.width, bitmap.height), reader);
        bitmap.close();
        if (done) return;
      }
    } catch (error) {
      this.scanError.value = error;
    }
  }

  reset(): void {
    this.stopCamera();
    this.reader = null;
    batch(() => {
      this.reading.value = null;
      this.scanError.value = null;
    });
  }

  /** The panel was left: the camera goes off. */
  dispose(): void {
    this.stopCamera();
  }
}
