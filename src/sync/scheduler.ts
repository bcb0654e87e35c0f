import type { PeerConfig } from '../node/config.js';
import type { TilshiNode } from '../node/node.js';
import { type SyncResult, syncWithPeer } from './client.js';

export interface SchedulerOptions {
  /** Seconds between syncs with a peer that has no `interval_seconds` (default 60). */
  intervalSeconds?: number;
  /** Seconds between tries while a peer is unreachable, so that it is synced soon after it comes back (default 10). */
  retrySeconds?: number;
  /** After new events are stored, sync reachable peers this many ms later (default 1,000). */
  forwardDelayMs?: number;
  onResult?: (
    peer: PeerConfig,
    outcome: { ok: true; result: SyncResult } | { ok: false; code: string },
  ) => void;
}

interface PeerState {
  peer: PeerConfig;
  nextAt: number;
  running: boolean;
  reachable: boolean | null;
}

/**
 * Syncs the peers of the node's config: each on its interval, an unreachable one every few
 * seconds until it answers (then at once), and every reachable one shortly after this node
 * stores something new, so that reports are forwarded while a link is open.
 *
 * @example
 *   const scheduler = startPeerScheduler(node); … await scheduler.stop();
 */
export function startPeerScheduler(node: TilshiNode, options: SchedulerOptions = {}) {
  const interval = (p: PeerConfig) => (p.interval_seconds ?? options.intervalSeconds ?? 60) * 1000;
  const retry = (options.retrySeconds ?? 10) * 1000;
  const states = new Map<string, PeerState>();
  let stopped = false;
  const running = new Set<Promise<void>>();

  /**
   * The peers of the config as it is now: the desk's Peers screen changes the running node's
   * list, so a new peer is synced at once and a removed one is not synced again.
   */
  const refreshPeers = () => {
    const listed = new Set(node.config.peers.map((p) => p.url));
    for (const url of states.keys()) if (!listed.has(url)) states.delete(url);
    for (const peer of node.config.peers) {
      const s = states.get(peer.url);
      if (s) s.peer = peer;
      else states.set(peer.url, { peer, nextAt: Date.now(), running: false, reachable: null });
    }
  };

  const runOne = (s: PeerState) => {
    s.running = true;
    const p = syncWithPeer(node, s.peer.url)
      .then((result) => {
        s.reachable = true;
        s.nextAt = Date.now() + interval(s.peer);
        options.onResult?.(s.peer, { ok: true, result });
      })
      .catch((err: { code?: string }) => {
        s.reachable = err.code !== 'peer_unreachable';
        s.nextAt = Date.now() + Math.min(retry, interval(s.peer));
        options.onResult?.(s.peer, { ok: false, code: err.code ?? 'sync_failed' });
      })
      .finally(() => {
        s.running = false;
        running.delete(p);
      });
    running.add(p);
  };

  const tick = () => {
    if (stopped) return;
    refreshPeers();
    const now = Date.now();
    for (const s of states.values()) if (!s.running && now >= s.nextAt) runOne(s);
  };

  let forwardTimer: NodeJS.Timeout | null = null;
  const unsubscribe = node.ingest.onStored(() => {
    if (forwardTimer || stopped) return;
    forwardTimer = setTimeout(() => {
      forwardTimer = null;
      for (const s of states.values()) if (s.reachable !== false) s.nextAt = 0;
      tick();
    }, options.forwardDelayMs ?? 1_000);
  });

  const timer = setInterval(tick, 500);
  tick();

  return {
    /** Sync every peer now (or the one with this URL). */
    syncNow(url?: string) {
      for (const s of states.values()) if (!url || s.peer.url === url) s.nextAt = 0;
      tick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (forwardTimer) clearTimeout(forwardTimer);
      unsubscribe();
      await Promise.allSettled([...running]);
    },
  };
}

export type PeerScheduler = ReturnType<typeof startPeerScheduler>;
