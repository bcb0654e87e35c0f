#!/usr/bin/env node
// The installed command: runs the compiled CLI (npm run build makes dist/).
import { main } from '../dist/cli/main.js';

// `tilshi export … | head`: the reader left, which is not an error of this command.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
