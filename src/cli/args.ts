import { parseArgs } from 'node:util';

/** A mistake in the command line: main prints it with the verb's usage and exits 2. */
export class UsageError extends Error {}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** parseArgs with `--data` added and usage errors turned into UsageError. */
export function parseVerbArgs<O extends OptionSpec>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args,
      options: { data: { type: 'string' }, ...options },
      allowPositionals,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
