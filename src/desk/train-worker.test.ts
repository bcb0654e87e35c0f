import { describe, expect, it } from 'vitest';
import { predict, type TrainingExample } from '../analysis/index.js';
import { trainOnDecisions } from './train-job.js';
import { trainInWorker } from './train-worker.js';

/*
 * The desk retrains on a worker thread: the model that comes back is the one the same training
 * makes on the calling thread, and the calling thread keeps running while it trains (a
 * training on the main thread would let no timer fire until it returned).
 */

const TOWNS = [
  'Аркалык',
  'Лисаковск',
  'Степногорск',
  'Риддер',
  'Шахтинск',
  'Экибастуз',
  'Кентау',
  'Темиртау',
];
const examples: TrainingExample[] = Array.from({ length: 2_400 }, (_, i) => {
  const town = TOWNS[i % TOWNS.length]!;
  return i % 3 === 0
    ? { text: `Продам гараж в ${town}, звоните ${i}`, lang: 'ru', sub: 'noise', responses: [] }
    : {
        text: `${town}: работники цеха ${i % 50} устроили день тишины, не вышли на смену`,
        lang: 'ru',
        sub: 'strike',
        responses: [],
        weight: 3,
      };
});

describe('training the coding model on a worker thread', () => {
  it('answers the model the same training makes here, while this thread keeps running', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    let model: Awaited<ReturnType<typeof trainInWorker>>;
    try {
      model = await trainInWorker(examples);
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    // The timer fired while the worker trained: this thread was free.
    expect(ticks).toBeGreaterThanOrEqual(Math.min(3, Math.floor(took / 50)));
    expect(ticks).toBeGreaterThan(0);

    const here = trainOnDecisions(examples);
    expect(model.info.decisions).toBe(here.info.decisions);
    const text = 'В Жаркенте электрики устроили день тишины';
    const a = predict(model, { text, lang: 'ru' }).type;
    const b = predict(here, { text, lang: 'ru' }).type;
    // The model travels encoded (its weights quantized), so the two agree to two places.
    expect(a.get('strike')!).toBeCloseTo(b.get('strike')!, 2);
    expect(a.get('strike')!).toBeGreaterThan(a.get('noise')!);
  }, 60_000);
});
