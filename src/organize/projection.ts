import { getConversationKey } from 'nostr-tools/nip44';
import { tagValue, tagValues } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { parseOrganizeRecord } from '../core/organize-records.js';
import type { KeyPair } from '../crypto/keys.js';
import { openWrap } from '../crypto/seal.js';
import { verifyEventSignature } from '../crypto/verify.js';
import type { Projection } from '../store/projections.js';
import { createOrganizeTables, forgetWraps, insertRecord, resetOrganizeTables } from './repository.js';

export const ORGANIZE_PROJECTION = { name: 'organize', version: 1 } as const;

/**
 * The organizer's workspace as a projection of the log: every wrap the desk signed and
 * addressed to itself is opened with the desk key, and the organizing records in it (4630
 * rumors sealed by the desk) are stored with their versions. It needs the desk key, so the
 * layer that holds it registers it (`attachOrganize`). Only the desk's own wraps are opened:
 * a report (sealed by a one-time key) is never looked at here.
 *
 * @example node.projections.add(organizeProjection(node.deskKey), node.log);
 */
export function organizeProjection(desk: KeyPair): Projection {
  // Seal and wrap are both between the desk and itself: one conversation key serves both.
  let selfKey: Uint8Array | undefined;
  const conversationKey = (pubkey: string) => {
    if (pubkey !== desk.publicKey) return getConversationKey(desk.secretKey, pubkey);
    selfKey ??= getConversationKey(desk.secretKey, desk.publicKey);
    return selfKey;
  };
  return {
    ...ORGANIZE_PROJECTION,
    create: createOrganizeTables,
    reset: resetOrganizeTables,
    apply(db, stored) {
      const e = stored.event;
      // A replayed deletion (a node that stored it before organizing was attached) forgets too.
      if (e.kind === Kind.Deletion && e.pubkey === desk.publicKey) {
        forgetWraps(db, tagValues(e, 'e'));
        return;
      }
      if (e.kind !== Kind.GiftWrap || e.pubkey !== desk.publicKey || tagValue(e, 'p') !== desk.publicKey)
        return;
      let opened: ReturnType<typeof openWrap>;
      try {
        opened = openWrap(e, desk.secretKey, {
          sealConversationKey: conversationKey,
          wrapConversationKey: conversationKey,
          verifySeal: verifyEventSignature,
        });
      } catch {
        return; // not one of the desk's records: the inbox counts it as unopened
      }
      if (opened.author !== desk.publicKey || opened.rumor.kind !== Kind.DeskRecord) return;
      let content: unknown;
      try {
        content = JSON.parse(opened.rumor.content);
      } catch {
        return;
      }
      const record = parseOrganizeRecord(content);
      if (!record) return;
      insertRecord(db, {
        rumorId: opened.rumor.id,
        wrapId: e.id,
        seq: stored.seq,
        createdAt: opened.rumor.created_at,
        expiresAt: expiration(tagValue(e, 'expiration')),
        record,
      });
    },
    forget(db, deleted) {
      forgetWraps(
        db,
        deleted.filter((d) => d.event.kind === Kind.GiftWrap).map((d) => d.event.id),
      );
    },
  };
}

function expiration(tag: string | undefined): number | null {
  if (!tag || !/^\d{1,12}$/.test(tag)) return null;
  return Number(tag);
}
