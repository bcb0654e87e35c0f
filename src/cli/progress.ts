/**
 * A progress bar on a terminal; silent when stdout is not one (scripts, CI, pipes).
 *
 * @example
 *   const bar = progressBar('reindex'); bar(500, 1000); bar.done();
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const active = process.stdout.isTTY === true && stream.isTTY === true;
  let last = 0;
  const update = (done: number, total: number) => {
    if (!active) return;
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const width = 30;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`,
    );
  };
  return Object.assign(update, {
    done() {
      if (active) stream.write('\n');
    },
  });
}
