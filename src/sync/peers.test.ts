import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db.js';
import { PeerStore } from './peers.js';

describe('PeerStore.ensureIfRoom', () => {
  it('adds senders only while there is room, and keeps known ones', () => {
    const peers = new PeerStore(openDatabase(':memory:'));
    const key = (n: number) => n.toString(16).padStart(64, '0');
    for (let i = 0; i < 3; i++) expect(peers.ensureIfRoom(key(i), 3)?.node_pubkey).toBe(key(i));
    expect(peers.ensureIfRoom(key(3), 3)).toBeUndefined();
    expect(peers.ensureIfRoom(key(1), 3)?.node_pubkey).toBe(key(1));
    expect(peers.all()).toHaveLength(3);
  });
});
