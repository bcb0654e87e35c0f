import { existsSync, writeFileSync } from 'node:fs';
import { ballotSheetHtml, sheetTitle } from '../../core/ballot-sheet.js';
import { TilshiError } from '../../core/errors.js';
import { signIn, signOut } from '../../desk/accounts.js';
import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { plankText } from '../../program/program-text.js';
import { publicProgram } from '../../program/queries.js';
import { issueBallotCodes, openVotesOf } from '../../program/votes.js';
import { programOn } from '../../server/routes/program.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { ballotSheetPdf } from '../ballot-sheet.js';
import { promptSecret } from '../prompt.js';
import { openCliNode } from '../unlock.js';

export const PROGRAM_USAGE =
  'program show [--lang ru|kk|en] [--json] | program ballots --collective ID --count N (--pdf FILE | --html FILE) --as USERNAME [--vote ID] [--url BASE]';

export const PROGRAM_DETAILS = `program show: the published program and the demand inventory as the public sees them.
  --lang ru|kk|en   the language of the title and planks (default en)
  The node must be stopped; while it serves, read GET /api/v1/program.

program ballots: one-time ballot codes for a collective of an open vote, as a printable sheet.
  --collective ID   the collective (its id is in the desk's address, #/organize/ID)
  --count N         how many codes, 1-1000: one per member at the meeting
  --pdf FILE        the sheet as PDF (QR code, code and address), or
  --html FILE       as HTML (with the instructions in ru/kk/en); a new file: an existing one is
                    never overwritten, for it may hold codes already handed out
  --as USERNAME     the desk account the audit records (password from TILSHI_ADMIN_PASSWORD
                    or asked on the terminal)
  --vote ID         the vote, when the collective is in more than one open vote
  --url BASE        the address phones open (the QR codes lead to BASE/vote), such as the
                    LAN address \`tilshi serve\` prints; default: public_url in config.json
  The desk keeps only the codes' hashes: the sheet is their one copy. Print it, then delete it.
  The node must be stopped; while it serves, make codes in the desk (Program → Votes).`;

/**
 * `tilshi program show [--lang ru|kk|en] [--json]`: the published program and the demand
 * inventory as the public sees them (counts below the threshold withheld). On a desk node the
 * collectives' demands count too (the desk passphrase unlocks them). It opens the store
 * itself, so the node must be stopped (while it serves, use `GET /api/v1/program`).
 */
export async function programVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'ballots') return ballotsVerb(rest);
  if (sub !== 'show') throw new UsageError(PROGRAM_USAGE);
  const { values } = parseVerbArgs(rest, { json: { type: 'boolean' }, lang: { type: 'string' } });
  const lang = values.lang ?? 'en';
  if (lang !== 'ru' && lang !== 'kk' && lang !== 'en') throw new UsageError('--lang is ru, kk or en');
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  loadConfig(dataDir);
  requireNotServing(dataDir, 'reading the program from the command line (use GET /api/v1/program meanwhile)');
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    const view = publicProgram(programOn(node));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${showText(view, lang)}\n`);
    return 0;
  } finally {
    await node.close();
  }
}

const count = (n: number | null, t: number) => (n === null ? `<${t}` : String(n));

function showText(view: ReturnType<typeof publicProgram>, lang: 'ru' | 'kk' | 'en'): string {
  const t = view.threshold;
  const lines: string[] = [];
  const p = view.published?.content;
  if (p) {
    lines.push(
      `${p.titles?.[lang] || p.title} (published ${new Date(view.published!.created_at * 1000).toISOString().slice(0, 10)})`,
    );
    for (const [i, plank] of (p.planks ?? []).entries()) {
      const s = plank.support;
      lines.push(
        `${i + 1}. [${plank.status}] ${plankText(plank, lang).text}  (events ${count(s.events, t)}, collectives ${count(s.collectives, t)}, regions ${count(s.regions ?? null, t)})`,
      );
    }
    const e = p.endorsements;
    if (e && e.count !== 0)
      lines.push(
        `endorsed by ${e.count === null ? `fewer than ${t}` : e.count} collective${e.count === 1 ? '' : 's'}${e.named.length > 0 ? `, among them ${e.named.map((c) => c.name).join(', ')}` : ''}`,
      );
    for (const v of view.votes)
      lines.push(
        `vote "${v.title[lang] ?? v.title.ru ?? v.title.en ?? v.id}" closed ${v.closed}: ${v.ballots} ballots of ${v.codes} codes`,
      );
  } else {
    lines.push('no program published yet');
  }
  lines.push('', `demands (counts below ${t} withheld):`);
  for (const d of view.demands) {
    const s = d.support;
    lines.push(
      `  ${(d.code ?? d.label ?? d.key).padEnd(28)} ${String(d.class ?? '-').padEnd(10)} events ${count(s.events, t).padStart(4)}  collectives ${count(s.collectives, t).padStart(4)}  regions ${count(s.regions, t).padStart(3)}  ${s.first_seen ?? ''}${s.last_seen ? `…${s.last_seen}` : ''}`,
    );
  }
  if (view.withheld > 0)
    lines.push(`  (${view.withheld} demand(s) in people's own words withheld: too few behind them)`);
  return lines.join('\n');
}

/**
 * `tilshi program ballots --collective ID --count N (--pdf FILE | --html FILE) --as USERNAME
 * [--vote ID] [--url BASE]`: make N one-time ballot codes for a collective of an open vote (the
 * collective's only open vote unless `--vote` names one) and write the printable sheet. The
 * desk stores the codes' hashes only: the sheet is the one copy of the codes, so print it and
 * delete the file. `--as` names the desk account the audit records (its password from
 * TILSHI_ADMIN_PASSWORD or the terminal); the QR codes open BASE/vote (default: the config's
 * public_url).
 */
async function ballotsVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    collective: { type: 'string' },
    count: { type: 'string' },
    pdf: { type: 'string' },
    html: { type: 'string' },
    as: { type: 'string' },
    vote: { type: 'string' },
    url: { type: 'string' },
  });
  const count = Number(values.count);
  if (!values.collective || !Number.isInteger(count) || count < 1 || count > 1_000) {
    throw new UsageError('program ballots needs --collective ID and --count N (1-1000)');
  }
  if (Boolean(values.pdf) === Boolean(values.html))
    throw new UsageError('name one sheet: --pdf FILE or --html FILE');
  if (!values.as)
    throw new UsageError('program ballots needs --as USERNAME (the desk account that hands out the codes)');
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  const config = loadConfig(dataDir);
  if (config.role !== 'desk') throw new TilshiError('not_a_desk', 'votes live on a desk node');
  const address = values.url ?? config.public_url;
  if (!address) {
    throw new UsageError(
      'the QR codes need the address phones reach this node at: add --url http://ADDRESS:PORT (the LAN address `tilshi serve` prints) or set public_url in config.json',
    );
  }
  let base: string;
  try {
    const url = new URL(address);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    base = url.origin;
  } catch {
    throw new UsageError(
      `${values.url ? '--url' : 'public_url in config.json'} "${address}" is not an http(s) address, such as http://192.168.1.20:8080`,
    );
  }
  const file = (values.pdf ?? values.html)!;
  if (existsSync(file)) {
    throw new TilshiError(
      'file_exists',
      `${file} exists and may hold codes already handed out: name a new file (codes are made anew each time)`,
    );
  }
  requireNotServing(dataDir, 'making ballot codes from the command line (use the desk API meanwhile)');
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    const password =
      process.env.TILSHI_ADMIN_PASSWORD ?? (await promptSecret(`Desk password of ${values.as}: `));
    if (!password)
      throw new TilshiError('password_required', 'set TILSHI_ADMIN_PASSWORD or run on a terminal');
    const session = await signIn(node.db, values.as, password);
    signOut(node.db, session.token, session.account.username);
    const actor = { username: session.account.username, role: session.account.role };
    const program = programOn(node);
    let voteId = values.vote;
    if (!voteId) {
      const open = openVotesOf(program, values.collective);
      if (open.length === 0)
        throw new TilshiError('no_open_vote', `no open vote includes collective ${values.collective}`);
      if (open.length > 1)
        throw new UsageError(
          `the collective is in ${open.length} open votes: name one with --vote (${open.map((v) => v.id).join(', ')})`,
        );
      voteId = open[0]!.id;
    }
    const made = issueBallotCodes(program, actor, voteId, { collective: values.collective, count });
    const sheet = {
      title: sheetTitle(made.title, voteId),
      baseUrl: base,
      codes: made.codes,
    };
    // The desk queue opens the records just stored before the node closes (a worker stopped in
    // the middle of its first job can keep the process from ending).
    await node.desk?.settled();
    // Only the owner may read it: the codes are the ballots. Never over another sheet ('wx').
    writeFileSync(file, values.pdf ? await ballotSheetPdf(sheet) : ballotSheetHtml(sheet), {
      mode: 0o600,
      flag: 'wx',
    });
    const n = made.codes.length;
    process.stdout.write(
      `${n} ballot code${n === 1 ? '' : 's'} for collective ${values.collective} in vote ${voteId} written to ${file}.\nThe desk keeps only their hashes: print the sheet, then delete the file.\n`,
    );
    return 0;
  } finally {
    await node.close();
  }
}
