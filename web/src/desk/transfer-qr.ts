// The Transfer panel's animated QR code, loaded only when the panel needs it (it is most of
// the desk's script otherwise): a bundle's bytes as a loop of QR frames with the same fountain
// code as the node (`src/sync/qr.ts`: `ur:bytes`, ~300-byte fragments, three times as many
// frames as fragments, upper-cased), and the reader that takes frames back in any order.
// First: the globals the libraries below expect (`Buffer`, also used here, and `process`).
import './transfer-shim.js';
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import jsQRModule from 'jsqr';
import QRCode from 'qrcode';

// jsqr is CommonJS with an ES-style default export: take the function whichever way it comes.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/** Bytes of bundle per frame, and frames per fragment: as `tilshi bundle export --qr`. */
export const FRAGMENT_BYTES = 300;
export const LOOP_FACTOR = 3;

/** The frames of a loop, as upper-case text (QR alphanumeric mode). */
export function bundleToFrames(bytes: Uint8Array): string[] {
  const encoder = new UREncoder(UR.fromBuffer(Buffer.from(bytes)), FRAGMENT_BYTES, 0, 10);
  const n = encoder.fragmentsLength === 1 ? 1 : Math.ceil(encoder.fragmentsLength * LOOP_FACTOR);
  return Array.from({ length: n }, () => encoder.nextPart().toUpperCase());
}

/** One frame as a PNG data URL (black on white, a 4-module quiet zone). */
export function frameImage(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'L', margin: 4, scale: 5 });
}

export interface ReadProgress {
  /** Whether this frame was one of a bundle's (another QR code in view is not). */
  accepted: boolean;
  complete: boolean;
  /** 0..1, the decoder's estimate. */
  progress: number;
}

/**
 * Collects frames until the bundle is whole; frames come in any order, repeated or missing.
 * `receiveImage` is what the camera loop (and the "read images" input) calls for each picture.
 */
export class FrameReader {
  private decoder = new URDecoder();
  frames = 0;

  /** One frame's text. */
  receive(text: string): ReadProgress {
    let accepted = false;
    try {
      accepted = this.decoder.receivePart(text.trim().toLowerCase());
    } catch {
      // Not one of our frames: skip it.
    }
    if (accepted) this.frames++;
    return {
      accepted,
      complete: this.decoder.isComplete() === true,
      progress: this.decoder.estimatedPercentComplete(),
    };
  }

  /** One picture (a camera frame, a photo): finds a QR code in it and takes its text. */
  receiveImage(image: { data: Uint8ClampedArray; width: number; height: number }): ReadProgress | null {
    const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
    return code?.data ? this.receive(code.data) : null;
  }

  get complete(): boolean {
    return this.decoder.isComplete() === true;
  }

  /** The bundle's bytes; throws when incomplete or when the frames do not make a bytes UR. */
  result(): Uint8Array {
    if (this.decoder.isComplete() !== true) throw new Error('not enough frames read yet');
    if (!this.decoder.isSuccess())
      throw new Error(`the frames do not make a whole: ${this.decoder.resultError()}`);
    const ur = this.decoder.resultUR();
    if (ur.type !== 'bytes') throw new Error(`a "${ur.type}" code, not a bundle`);
    return new Uint8Array(ur.decodeCBOR());
  }
}
