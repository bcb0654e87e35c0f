import { Worker } from 'node:worker_threads';
import { type CodingModel, decodeModel, type TrainingExample } from '../analysis/index.js';
import { typeScriptLoader } from './desk-worker.js';

// One worker thread per training, evaluated from a string as the desk worker is; it imports
// train-job by URL (a .js file from the build, the .ts source in tests).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.loader) require('node:module').register(workerData.loader);
  const { trainEncoded } = await import(workerData.moduleUrl);
  const bytes = trainEncoded(workerData.examples);
  parentPort.postMessage(bytes, [bytes.buffer]);
})().catch((err) => {
  parentPort.postMessage({ error: String((err && err.message) || err) });
});
`;

/**
 * Train the desk's coding model on a worker thread, so that a serving desk keeps answering
 * while it trains (seconds for tens of thousands of decisions). The examples are collected on
 * the calling thread (a read of the store) and handed over by structured clone.
 *
 * @example const model = await trainInWorker(collectDecisions(node));
 */
export function trainInWorker(examples: TrainingExample[]): Promise<CodingModel> {
  const fromSources = import.meta.url.endsWith('.ts');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        moduleUrl: new URL(`./train-job.${fromSources ? 'ts' : 'js'}`, import.meta.url).href,
        loader: fromSources ? typeScriptLoader() : null,
        examples,
      },
    });
    let settled = false;
    worker.once('message', (m: Uint8Array | { error: string }) => {
      settled = true;
      if (m instanceof Uint8Array) resolve(decodeModel(m));
      else reject(new Error(m.error));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the training worker stopped (exit ${code})`));
      settled = true;
    });
  });
}
