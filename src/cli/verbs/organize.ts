import { TilshiError } from '../../core/errors.js';
import { signIn, signOut } from '../../desk/accounts.js';
import { writeAudit } from '../../desk/audit.js';
import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { type Actor, attachOrganize } from '../../organize/context.js';
import { exportCollective, organizeStats } from '../../organize/queries.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { promptSecret } from '../prompt.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi organize stats [--json]`: collectives by stage and region, people, assessed (counts
 * only). `tilshi organize export --collective ID --as ADMIN [--contacts]`: one collective with
 * its people, as JSON, for an admin who signs in with their desk password
 * (TILSHI_ADMIN_PASSWORD or a prompt); audited; contacts only with --contacts. Both open the
 * store themselves, so the node must be stopped (while it serves, use the HTTP routes).
 */
export async function organizeVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'stats' && sub !== 'export')
    throw new UsageError('organize stats | organize export --collective ID --as ADMIN');
  const { values } = parseVerbArgs(rest, {
    json: { type: 'boolean' },
    collective: { type: 'string' },
    as: { type: 'string' },
    contacts: { type: 'boolean' },
  });
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  if (loadConfig(dataDir).role !== 'desk')
    throw new TilshiError('not_a_desk', 'organizing lives on a desk node');
  requireNotServing(dataDir, 'reading organizing records from the command line (use the desk API meanwhile)');
  if (sub === 'export' && (!values.collective || !values.as)) {
    throw new UsageError('organize export needs --collective ID and --as ADMIN_USERNAME');
  }
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  try {
    const org = attachOrganize(node, writeAudit);
    if (sub === 'stats') {
      // Counts only: whoever holds the desk passphrase may see them.
      const stats = organizeStats(org, { username: 'cli', role: 'editor' });
      if (values.json) process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      else process.stdout.write(`${statsText(stats)}\n`);
      return 0;
    }
    const password =
      process.env.TILSHI_ADMIN_PASSWORD ?? (await promptSecret(`Desk password of ${values.as}: `));
    if (!password)
      throw new TilshiError('password_required', 'set TILSHI_ADMIN_PASSWORD or run on a terminal');
    const session = await signIn(node.db, values.as!, password);
    signOut(node.db, session.token, session.account.username);
    const actor: Actor = { username: session.account.username, role: session.account.role };
    const out = exportCollective(org, actor, values.collective!, { contacts: values.contacts ?? false });
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } finally {
    await node.close();
  }
}

function statsText(s: ReturnType<typeof organizeStats>): string {
  return [
    `${s.collectives} collectives: ${Object.entries(s.by_stage)
      .map(([stage, n]) => `${n} ${stage.replace('_', ' ')}`)
      .join(', ')}`,
    `${s.people} people, ${s.assessed} assessed, ${s.ones_and_twos} at level 1-2`,
    ...s.by_region.map(
      (r) =>
        `  ${r.admin1}: ${[r.contact, r.initiative_group, r.committee, r.union].join(' / ')} (contact / initiative group / committee / union)`,
    ),
  ].join('\n');
}
