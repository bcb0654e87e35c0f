// The QR code libraries of the Transfer panel (@ngraveio/bc-ur and what it uses) were written
// for Node and name the globals `Buffer` and `process`. transfer-qr.ts imports this module
// before them, so they find browser ones (the `buffer` package and a stand-in process).
// biome-ignore lint/style/useNodejsImportProtocol: the npm package `buffer`, Node's Buffer for browsers
import { Buffer } from 'buffer';

const g = globalThis as unknown as { Buffer?: unknown; process?: unknown };
if (!g.Buffer) g.Buffer = Buffer;
if (!g.process) {
  g.process = {
    env: {},
    nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
    emitWarning: () => {},
    stderr: { write: () => true },
    pid: 0,
    noDeprecation: false,
    throwDeprecation: false,
    traceDeprecation: false,
  };
}
