import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('runs one job at a time, lets a bounded line wait, and refuses the rest with busy', async () => {
    const queue = new WorkQueue({ running: 1, waiting: 2 });
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run(
      () =>
        new Promise<string>((resolve) => {
          order.push('first started');
          release = () => resolve('first');
        }),
    );
    const later = ['second', 'third'].map((name) =>
      queue.run(async () => {
        order.push(`${name} started`);
        return name;
      }),
    );
    expect(queue.size).toEqual({ running: 1, waiting: 2 });
    await expect(queue.run(async () => 'fourth')).rejects.toMatchObject({ code: 'busy', status: 503 });
    expect(order).toEqual(['first started']);
    release();
    expect(await Promise.all([first, ...later])).toEqual(['first', 'second', 'third']);
    expect(order).toEqual(['first started', 'second started', 'third started']);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a job fails', async () => {
    const queue = new WorkQueue({ running: 1, waiting: 0 });
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });
});
