import { npubOf } from '../../crypto/keys.js';
import { inboxCountsIfBuilt } from '../../desk/inbox.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { eventsByKind } from '../../node/stats.js';
import { publishStatus } from '../../sync/publish.js';
import { peerStatus } from '../../sync/status.js';
import { parseVerbArgs } from '../args.js';
import { openCliNode } from '../unlock.js';

const KIND_NAMES: Record<string, string> = {
  '1059': 'sealed (gift wraps)',
  '30620': 'coded events',
  '30621': 'collectives',
  '30622': 'demands programs',
  '30623': 'vote results',
  '5': 'deletions (expired notes, purged requests)',
  '30023': 'articles',
  '10620': 'node announcements',
  '10621': 'trusted relays (desk list)',
};

export async function statusVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { json: { type: 'boolean' } });
  const env = readEnv();
  const node = await openCliNode(resolveDataDir(values.data, env), env, { readonly: true });
  try {
    const byKind = eventsByKind(node.db);
    const status = {
      role: node.config.role,
      name: node.config.name,
      data: node.dataDir,
      node_npub: npubOf(node.nodeKey.publicKey),
      desk_npub: node.deskPubkey ? npubOf(node.deskPubkey) : null,
      pow_difficulty: node.config.pow_difficulty,
      events_total: node.log.count(),
      by_kind: byKind,
      inbox: inboxCountsIfBuilt(node.db, node.deskPubkey),
      last_seq: node.log.maxSeq(),
      peers: peerStatus(node),
      publish: publishStatus(node),
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `${status.name} (${status.role}) in ${status.data}`,
      `  node key:  ${status.node_npub}`,
      `  desk key:  ${status.desk_npub ?? 'not set'}`,
      `  proof of work required: ${status.pow_difficulty} bits`,
      `  events:    ${status.events_total} (log position ${status.last_seq})`,
      ...Object.entries(byKind).map(
        ([k, n]) => `    kind ${k.padEnd(5)} ${String(n).padStart(8)}  ${KIND_NAMES[k] ?? ''}`,
      ),
      ...inboxLines(status.inbox),
      ...peerLines(status.peers),
      ...publishLines(status.publish),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await node.close();
  }
}

const when = (t: number | null) => (t ? new Date(t * 1000).toISOString().replace('.000Z', 'Z') : 'never');
const size = (n: number) =>
  n < 10_240 ? `${n} B` : n < 10_485_760 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`;

function inboxLines(inbox: ReturnType<typeof inboxCountsIfBuilt>): string[] {
  if (!inbox) return [];
  return [
    `  inbox:     ${inbox.reports} reports (${inbox.new} new), ${inbox.unreadable} unreadable, ${inbox.waiting} waiting to be opened`,
    ...(inbox.unreadable
      ? [
          `    ${inbox.unreadable} could not be opened or read: \`tilshi inbox --status unreadable\` shows each with the reason`,
        ]
      : []),
    ...(inbox.unopened
      ? [`    ${inbox.unopened} of the desk's own sealed records held nothing the inbox keeps`]
      : []),
  ];
}

function peerLines(peers: ReturnType<typeof peerStatus>): string[] {
  if (peers.length === 0)
    return ['  peers:     none (add one with `tilshi peer add URL`, or run `tilshi sync URL`)'];
  return [
    `  peers:     ${peers.length}`,
    ...peers.flatMap((p) => [
      `    ${p.name ?? p.url ?? p.node_npub}${p.configured ? '' : ' (not in config)'}`,
      `      last reached ${when(p.last_reached_at)}${p.last_error ? `; last error: ${p.last_error}` : ''}`,
      `      waiting for it: ${p.waiting} events; moved: ${p.events_in} events / ${size(p.bytes_in)} in, ${p.events_out} events / ${size(p.bytes_out)} out`,
      ...(p.withheld
        ? [`      withheld from this node: ${p.withheld} sealed records: ${p.withheld_fix}`]
        : []),
    ]),
  ];
}

function publishLines(relays: ReturnType<typeof publishStatus>): string[] {
  if (relays.length === 0) return [];
  return [
    `  publishing to Nostr relays: ${relays.length}`,
    ...relays.flatMap((r) => {
      const reasons = Object.entries(r.refused_by_reason)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      return [
        `    ${r.url}`,
        `      sent ${r.sent}, accepted ${r.accepted + r.duplicates}${r.duplicates ? ` (${r.duplicates} already there)` : ''}, refused ${r.refused}${reasons ? ` (${reasons}; \`tilshi publish --refused\` lists them)` : ''}, pending ${r.pending}`,
        ...(r.last_error ? [`      paused: ${r.last_error}; next attempt ${when(r.next_attempt_at)}`] : []),
      ];
    }),
  ];
}
