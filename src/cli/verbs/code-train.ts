import { TilshiError } from '../../core/errors.js';
import { DeskCoder } from '../../desk/desk-coder.js';
import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi code train`: train the desk's coding model on its decisions (reports attached to
 * published events, reports marked as noise) and store it as desk records, which reach the
 * other desk nodes by sync. A serving desk also retrains by itself after every 25 decisions.
 */
export async function codeTrainVerb(values: { data?: string | undefined; json?: boolean | undefined }) {
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  if (loadConfig(dataDir).role !== 'desk') {
    throw new TilshiError(
      'not_a_desk',
      'the coding model is trained on a desk’s decisions: run it on a desk',
    );
  }
  // A desk's store is encrypted with the desk key, so opening it unlocks the key the decisions need.
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    if (!node.deskKey) {
      throw new TilshiError(
        'desk_locked',
        'training the coding model reads the desk’s decisions: run it on a desk with TILSHI_DESK_PASSPHRASE',
      );
    }
    const coder = node.coder ?? new DeskCoder();
    if (!node.coder) coder.attach(node);
    const started = performance.now();
    const { version, model } = coder.train('cli');
    const seconds = (performance.now() - started) / 1000;
    const result = {
      version,
      decisions: model.info.decisions,
      examples: model.info.examples,
      trained_at: model.info.trained_at,
      seconds: Math.round(seconds * 10) / 10,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `Trained the coding model on ${result.decisions} decisions of the desk (from the shipped model) in ${result.seconds.toFixed(1)} s; stored as version ${version}\n`,
      );
    }
    return 0;
  } finally {
    await node.close();
  }
}
