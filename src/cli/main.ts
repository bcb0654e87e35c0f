import { TilshiError } from '../core/errors.js';
import { VERSION } from '../node/node.js';
import { UsageError } from './args.js';
import { accountVerb } from './verbs/account.js';
import { backupVerb } from './verbs/backup.js';
import { briefVerb } from './verbs/brief.js';
import { bundleVerb } from './verbs/bundle.js';
import { codeVerb } from './verbs/code.js';
import { exportVerb } from './verbs/export.js';
import { importVerb } from './verbs/import.js';
import { inboxVerb } from './verbs/inbox.js';
import { initVerb } from './verbs/init.js';
import { organizeVerb } from './verbs/organize.js';
import { peerVerb } from './verbs/peer.js';
import { PROGRAM_DETAILS, PROGRAM_USAGE, programVerb } from './verbs/program.js';
import { publishVerb } from './verbs/publish.js';
import { reindexVerb } from './verbs/reindex.js';
import { reportVerb } from './verbs/report.js';
import { restoreVerb } from './verbs/restore.js';
import { serveVerb } from './verbs/serve.js';
import { statusVerb } from './verbs/status.js';
import { syncVerb } from './verbs/sync.js';
import { wipeVerb } from './verbs/wipe.js';

/** A CLI verb: parses its own options, returns the exit code. */
export interface Verb {
  usage: string;
  summary: string;
  /** What `tilshi VERB --help` adds: each option and what it does. */
  details?: string;
  /** Undefined: listed in the help, but not built yet. */
  run?: (args: string[]) => Promise<number>;
}

export const VERBS: Record<string, Verb> = {
  init: {
    usage: 'init [--desk | --desk-pubkey HEX|NPUB [--encrypt-database]]',
    summary: 'create the data folder and node key (--desk: also the desk key and an admin account)',
    run: initVerb,
  },
  serve: {
    usage: 'serve [--port 8080] [--host 127.0.0.1] [--demo]',
    summary: 'run the node and print its URL',
    run: serveVerb,
  },
  status: {
    usage: 'status [--json]',
    summary: 'role, keys, event counts by kind, peers and last sync',
    run: statusVerb,
  },
  account: {
    usage:
      'account add NAME [--role editor|organizer|viewer|admin] | account list [--json] | account disable NAME | account reset NAME',
    summary:
      'the desk’s accounts, one per person: add and reset print a one-time password, once (desk; the node stopped, else the desk’s Accounts screen)',
    run: accountVerb,
  },
  reindex: { usage: 'reindex', summary: 'rebuild every projection from the event log', run: reindexVerb },
  report: {
    usage: 'report --text T [--server URL]',
    summary: 'seal a report to the desk and submit it',
    run: reportVerb,
  },
  inbox: {
    usage: 'inbox [--json] [--status new|noise|attached|unreadable|all]',
    summary: 'the decrypted reports, newest first, with suggested codes and cluster (desk)',
    run: inboxVerb,
  },
  import: {
    usage: 'import reports FILE.jsonl | import acled FILE.csv',
    summary: 'load reports, sealed to the desk, or ACLED rows as coded events (desk)',
    run: importVerb,
  },
  code: {
    usage: 'code suggest --jsonl FILE | code cluster --jsonl FILE | code train [--json]',
    summary: 'automatic coding suggestions, duplicate clusters, and retraining the desk’s coding model',
    run: codeVerb,
  },
  brief: {
    usage: 'brief [--hours 24 | --from D --to D] [--lang en|ru|kk] [--json]',
    summary: 'the situation brief (--json: {text, facts})',
    run: briefVerb,
  },
  export: {
    usage: 'export acled-csv|geojson|jsonl [--since DATE] | export site --out DIR [--base-url URL]',
    summary: 'published events to stdout, or the public pages and their data as a static mirror',
    run: exportVerb,
  },
  peer: {
    usage:
      'peer add URL [--pubkey HEX|NPUB] [--name NAME] [--yes] | peer list [--json] | peer remove URL|KEY | peer trust URL [--pubkey KEY] [--name NAME] [--yes] | peer untrust URL|KEY | peer trusted [--json]',
    summary:
      'list a peer node in config.json (its key fetched and shown first): it is synced and may pull sealed records; on a desk, trust/untrust a relay network-wide (the desk-signed list, kind 10621)',
    run: peerVerb,
  },
  sync: {
    usage: 'sync URL [--pull-only | --push-only] [--from-start] [--negentropy] [--json]',
    summary: 'one sync with a peer node; prints events and bytes in each direction',
    run: syncVerb,
  },
  publish: {
    usage: 'publish [--relay wss://URL]... [--refused] [--json]',
    summary:
      'send the public records (desk-signed kinds, node announcements) to Nostr relays, once each; refusals kept with their reason (`serve` does it in the background for config `relays`)',
    run: publishVerb,
  },
  bundle: {
    usage: 'bundle export [--peer NPUB] --out FILE [--qr DIR] | bundle import FILE',
    summary: 'one-way transfer by file (and QR frames)',
    run: bundleVerb,
  },
  organize: {
    usage: 'organize stats [--json] | organize export --collective ID --as ADMIN [--contacts]',
    summary: 'organizing counts by stage and region; one collective with its people, for an admin (audited)',
    run: organizeVerb,
  },
  program: {
    usage: PROGRAM_USAGE,
    summary:
      'the published program and the demand inventory (counts below the threshold withheld); printed sheets of one-time ballot codes',
    details: PROGRAM_DETAILS,
    run: programVerb,
  },
  backup: {
    usage: 'backup [--out FILE] [--json]',
    summary:
      'a consistent, checked snapshot of the store (encrypted like it) with config and keys, in one file',
    run: backupVerb,
  },
  restore: {
    usage: 'restore FILE [--yes]',
    summary: 'check a backup, then put it in place of the data folder (refuses while the node serves)',
    run: restoreVerb,
  },
  wipe: {
    usage: 'wipe [--yes]',
    summary: 'destroy the keys, the database and the backups in the data folder; says what it removed',
    run: wipeVerb,
  },
};

export function helpText(): string {
  // Usage on one line, what it does indented below: long usages stay readable on a terminal.
  const lines = Object.values(VERBS).map(
    (v) => `  tilshi ${v.usage}\n      ${v.summary}${v.run ? '' : ' (not built yet)'}`,
  );
  return [
    `tilshi ${VERSION}: a node for worker correspondents, editors and organizers`,
    '',
    'Usage:',
    ...lines,
    '',
    'Every verb takes --data DIR (default ./data, or TILSHI_DATA). Read verbs take --json.',
    'Exit codes: 0 ok, 1 failed, 2 usage error.',
  ].join('\n');
}

/** Run the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  const [verbName, ...rest] = argv;
  if (!verbName || verbName === '--help' || verbName === '-h' || verbName === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return verbName ? 0 : 2;
  }
  if (verbName === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const verb = VERBS[verbName];
  if (!verb) {
    process.stderr.write(`tilshi: unknown verb "${verbName}"\n\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(
      `tilshi ${verb.usage}\n  ${verb.summary}\n${verb.details ? `\n${verb.details}\n` : ''}`,
    );
    return 0;
  }
  if (!verb.run) {
    process.stderr.write(`tilshi ${verbName}: not built yet\n`);
    return 1;
  }
  try {
    return await verb.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`tilshi ${verbName}: ${err.message}\nusage: tilshi ${verb.usage}\n`);
      return 2;
    }
    if (err instanceof TilshiError) {
      process.stderr.write(`tilshi ${verbName}: ${err.message} (${err.code})\n`);
      return 1;
    }
    process.stderr.write(`tilshi ${verbName}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
