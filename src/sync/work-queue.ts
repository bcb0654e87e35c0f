import { TilshiError } from '../core/errors.js';

/**
 * Runs heavy jobs (bundle imports) a few at a time, with a bounded line of waiting ones: a
 * job that finds the line full is refused at once with `busy` (503) rather than queued
 * without limit. A waiting upload has not been read yet, so waiting costs a socket, not memory.
 *
 * @example
 *   const imports = new WorkQueue({ running: 1, waiting: 4 });
 *   const result = await imports.run(() => importBundle(node, body));
 */
export class WorkQueue {
  private active = 0;
  private readonly line: (() => void)[] = [];

  constructor(
    private readonly limits: { running: number; waiting: number },
    private readonly busyMessage = 'the node is importing other bundles; try again in a minute',
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limits.running) {
      if (this.line.length >= this.limits.waiting) {
        throw new TilshiError('busy', this.busyMessage, 503);
      }
      await new Promise<void>((resolve) => this.line.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await job();
    } finally {
      const next = this.line.shift();
      // The slot passes straight to the next job, so `active` never drops below the jobs running.
      if (next) next();
      else this.active--;
    }
  }

  /** Jobs running and waiting now. */
  get size(): { running: number; waiting: number } {
    return { running: this.active, waiting: this.line.length };
  }
}
