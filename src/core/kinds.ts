/** Event kinds of the project (ARCHITECTURE.md). Other nodes and tests rely on these numbers. */
export const Kind = {
  /** NIP-01 short text note: sealed to the desk, its text is a report (channel `nostr`). */
  TextNote: 1,
  /** NIP-09 deletion: honoured only when the desk key signs it (docs/organize.md). */
  Deletion: 5,
  Seal: 13,
  /** NIP-17 private direct message: sealed to the desk, its text is a report (channel `nostr`). */
  DirectMessage: 14,
  GiftWrap: 1059,
  Report: 4620,
  Reply: 4621,
  JoinRequest: 4622,
  /** A ballot from /vote or entered from paper at the desk (docs/program.md, "Votes"). */
  Ballot: 4623,
  /**
   * The desk's receipt of a report ("the desk has it"), sealed to the report's reply key like a
   * reply: the reporter's page marks the report ✓✓ when it opens one.
   */
  Receipt: 4624,
  DeskRecord: 4630,
  ClientAuth: 22242,
  /** NIP-98 HTTP auth: the `Authorization: Nostr` header of a sync request. */
  HttpAuth: 27235,
  /** The header line of a bundle file, signed by the sending node. */
  BundleHeader: 27620,
  Article: 30023,
  CodedEvent: 30620,
  Collective: 30621,
  DemandsProgram: 30622,
  /** The published result of a closed vote: tallies and the hashes of the codes used. */
  VoteResult: 30623,
  NodeAnnouncement: 10620,
  /** The desk's list of trusted relays (replaceable): they may pull sealed wraps from any node. */
  TrustedRelays: 10621,
} as const;

export type KindNumber = (typeof Kind)[keyof typeof Kind];

/** Kinds that travel only inside a seal and a gift wrap; never accepted bare. */
export const PRIVATE_RUMOR_KINDS: ReadonlySet<number> = new Set([
  Kind.Report,
  Kind.Reply,
  Kind.JoinRequest,
  Kind.Ballot,
  Kind.Receipt,
  Kind.DeskRecord,
]);

/** Public records that only the desk key may sign. */
export const DESK_PUBLIC_KINDS: ReadonlySet<number> = new Set([
  Kind.Article,
  Kind.CodedEvent,
  Kind.Collective,
  Kind.DemandsProgram,
  Kind.VoteResult,
  Kind.TrustedRelays,
]);

/** NIP-01 replaceable: one current version per (kind, pubkey). */
export function isReplaceable(kind: number): boolean {
  return kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000);
}

/** NIP-01 ephemeral: relayed to live subscribers, never stored. */
export function isEphemeral(kind: number): boolean {
  return kind >= 20000 && kind < 30000;
}

/** NIP-01 addressable: one current version per (kind, pubkey, d tag). */
export function isAddressable(kind: number): boolean {
  return kind >= 30000 && kind < 40000;
}
