import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import QRCode from 'qrcode';
import { TilshiError } from '../core/errors.js';

/**
 * A bundle as an animated QR code: the bytes become a Uniform Resource (`ur:bytes`, Blockchain
 * Commons' UR with its fountain code, `@ngraveio/bc-ur`), cut into parts that are shown one per
 * frame in a loop. A reader takes frames in any order, with some missed: past the first pass
 * every part mixes several fragments, so any enough of them rebuild the whole.
 */

export interface QrLoopOptions {
  /** Bytes of bundle per frame (default 300: a version ~15 QR code, easy for a phone camera). */
  fragmentBytes?: number;
  /** Frames in the loop, as a multiple of the fragments (default 3: a reader that misses a third of them still gets twice what it needs). */
  loopFactor?: number;
}

/**
 * The frames of a loop, as upper-case text (QR alphanumeric mode).
 *
 * @example
 *   const frames = bundleToQrFrames(bytes); // ['UR:BYTES/1-12/LPADBN…', …]
 */
export function bundleToQrFrames(bytes: Uint8Array, options: QrLoopOptions = {}): string[] {
  const encoder = new UREncoder(UR.fromBuffer(Buffer.from(bytes)), options.fragmentBytes ?? 300, 0, 10);
  const n = Math.max(1, Math.ceil(encoder.fragmentsLength * (options.loopFactor ?? 3)));
  return Array.from({ length: encoder.fragmentsLength === 1 ? 1 : n }, () =>
    encoder.nextPart().toUpperCase(),
  );
}

/**
 * Collects frames read by a camera until the bundle is whole.
 *
 * @example
 *   const reader = new QrBundleReader();
 *   for (const text of scanned) if (reader.receive(text).complete) break;
 *   await importBundle(node, reader.result());
 */
export class QrBundleReader {
  private decoder = new URDecoder();

  /** Take one frame's text; frames of another code or repeated frames are ignored. */
  receive(text: string): { complete: boolean; progress: number } {
    try {
      this.decoder.receivePart(text.trim().toLowerCase());
    } catch {
      // Not one of our frames (another QR code in view): skip it.
    }
    return {
      complete: this.decoder.isComplete() === true,
      progress: this.decoder.estimatedPercentComplete(),
    };
  }

  result(): Uint8Array {
    if (this.decoder.isComplete() !== true)
      throw new TilshiError('qr_incomplete', 'not enough frames read yet');
    if (!this.decoder.isSuccess()) {
      throw new TilshiError('qr_corrupt', `the frames do not make a whole: ${this.decoder.resultError()}`);
    }
    const ur = this.decoder.resultUR();
    if (ur.type !== 'bytes') throw new TilshiError('qr_corrupt', `a "${ur.type}" code, not a bundle`);
    return new Uint8Array(ur.decodeCBOR());
  }
}

/** One frame as an RGBA bitmap (black modules on white, a 4-module quiet zone). */
export function renderQrFrame(
  text: string,
  scale = 3,
): { width: number; height: number; data: Uint8ClampedArray } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const size = qr.modules.size;
  const quiet = 4;
  const width = (size + quiet * 2) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!qr.modules.get(x, y)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const o = (((y + quiet) * scale + dy) * width + (x + quiet) * scale + dx) * 4;
          data[o] = 0;
          data[o + 1] = 0;
          data[o + 2] = 0;
        }
      }
    }
  }
  return { width, height: width, data };
}

/** Write a loop's frames as PNG files (`frame-0001.png`, …) for a screen or a printer. */
export async function writeQrFrames(frames: readonly string[], dir: string): Promise<string[]> {
  const { mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [i, text] of frames.entries()) {
    const file = join(dir, `frame-${String(i + 1).padStart(4, '0')}.png`);
    await QRCode.toFile(file, text, { errorCorrectionLevel: 'L', margin: 4, scale: 6 });
    files.push(file);
  }
  return files;
}
