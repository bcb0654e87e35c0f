#!/usr/bin/env node
// `npm run train-model`: the coding model that ships with the project, trained on every labelled
// corpus in ../shared/corpus/ (or the files given) and written to
// data-files/analysis/coding-model.bin. Deterministic: the same corpora give the same file.
// Run after `npm run build`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpusExamples, encodeModel, SHIPPED_MODEL_FILE, trainCodingModel } from '../dist/analysis/index.js';

const corpusDir = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(corpusDir)
        .filter((f) => /^reports\..*\.jsonl$/.test(f))
        .sort()
        .map((f) => corpusDir + f);
const lines = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l)),
);
const t0 = performance.now();
const model = trainCodingModel(corpusExamples(lines));
// A fixed date keeps the file the same for the same corpora.
model.info.trained_at = '1970-01-01T00:00:00.000Z';
const bytes = encodeModel(model);
writeFileSync(SHIPPED_MODEL_FILE, bytes);
console.log(
  `${lines.length} reports → ${SHIPPED_MODEL_FILE} (${(bytes.length / 1024).toFixed(1)} KB, ${(performance.now() - t0).toFixed(0)} ms)`,
);
