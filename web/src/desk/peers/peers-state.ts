// The state of the Peers screen: the node's answer, the add form with its key confirmation
// (trust on first use, as `tilshi peer add` does), renaming, and the actions on a peer. Every
// action ends on a notice or an error, and focus moves there.
import { batch, signal } from '@preact/signals';
import { ApiError } from '../../shared/http.js';
import { focusSoon } from '../controls.js';
import type { DeskContext } from '../desk-context.js';
import { errorMessage, has, t } from '../i18n.js';
import {
  addPeer,
  type LookedUp,
  listPeers,
  lookUpPeer,
  type Peer,
  type PeersAnswer,
  removePeer,
  renamePeer,
  type SyncRun,
  syncPeer,
  trustRelay,
  untrustRelay,
} from './peers-api.js';

/** What to tell the admin about a failure, in the desk's language: the screen's own words first. */
export function peersError(error: unknown): string {
  const code = error instanceof ApiError ? error.code : null;
  if (code && has(`desk.peers.error.${code}`)) return t(`desk.peers.error.${code}`);
  return errorMessage(error);
}

/** A stored `code: message` of a failed sync, in the desk's language when the code is known. */
export function lastErrorText(stored: string): string {
  const code = stored.split(':')[0]!.trim();
  return has(`desk.peers.error.${code}`) ? t(`desk.peers.error.${code}`) : stored;
}

/** How a peer is called on the screen: its name, else its URL. */
export const peerLabel = (p: { url: string; name?: string | undefined }) => p.name || p.url;

/** `npub1abcd…wxyz`: enough to tell keys apart; the full key is copied or shown to compare. */
export const shortNpub = (npub: string) => `${npub.slice(0, 10)}…${npub.slice(-6)}`;

export class PeersState {
  readonly data = signal<PeersAnswer | null>(null);
  readonly loading = signal(true);
  readonly loadError = signal<unknown>(null);
  /** What is being done (an action and its peer), so that its buttons wait. */
  readonly busy = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly error = signal<unknown>(null);
  /** The last sync started here, per peer URL. */
  readonly runs = signal<Record<string, SyncRun>>({});

  readonly url = signal('');
  readonly key = signal('');
  readonly name = signal('');
  /** The key the node at `url` announced, waiting for the admin to compare and confirm. */
  readonly lookup = signal<LookedUp | null>(null);

  readonly renaming = signal<string | null>(null);
  readonly newName = signal('');
  /** A key that could not be copied: shown whole, selected, to copy by hand. */
  readonly showKey = signal<string | null>(null);

  constructor(private readonly ctx: DeskContext) {}

  private get csrf(): string {
    return this.ctx.session.csrf_token;
  }

  async load(): Promise<void> {
    try {
      const answer = await listPeers();
      batch(() => {
        this.data.value = answer;
        this.loading.value = false;
      });
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      batch(() => {
        this.loadError.value = error;
        this.loading.value = false;
      });
    }
  }

  /** Run one action: its answer is the new list; a notice or the error says how it went. */
  private async act(
    what: string,
    call: () => Promise<PeersAnswer>,
    done: (answer: PeersAnswer) => string,
    focusAfter = 'peers-notice',
  ): Promise<boolean> {
    if (this.busy.peek()) return false;
    batch(() => {
      this.busy.value = what;
      this.error.value = null;
      this.notice.value = null;
    });
    try {
      const answer = await call();
      batch(() => {
        this.data.value = answer;
        this.notice.value = done(answer);
        this.busy.value = null;
      });
      focusSoon(focusAfter);
      return true;
    } catch (error) {
      if (this.ctx.signedOut(error)) return false;
      batch(() => {
        this.error.value = error;
        this.busy.value = null;
      });
      focusSoon('peers-error');
      // A sync that failed left its error on the peer's row: show it there too.
      void this.load();
      return false;
    }
  }

  /** The add form: with a typed key, add at once; without, fetch the announced key to compare. */
  async submit(): Promise<void> {
    const url = this.url.peek().trim();
    if (!url) {
      batch(() => {
        this.notice.value = null;
        this.error.value = new ApiError(0, 'url_missing', '');
      });
      focusSoon('peers-error');
      return;
    }
    const key = this.key.peek().trim();
    if (key) {
      await this.add({ url, pubkey: key, name: this.name.peek().trim() });
      return;
    }
    if (this.busy.peek()) return;
    batch(() => {
      this.busy.value = 'lookup';
      this.error.value = null;
      this.notice.value = null;
    });
    try {
      const found = await lookUpPeer(this.csrf, url);
      batch(() => {
        this.lookup.value = found;
        this.busy.value = null;
      });
      focusSoon('peer-confirm');
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      batch(() => {
        this.error.value = error;
        this.busy.value = null;
      });
      focusSoon('peers-error');
    }
  }

  /** The admin compared the announced key with the one its operator gave, and it matches. */
  async confirm(): Promise<void> {
    const found = this.lookup.peek();
    if (!found) return;
    await this.add({
      url: found.url,
      pubkey: found.pubkey,
      name: this.name.peek().trim() || found.name || '',
    });
  }

  cancelLookup(): void {
    this.lookup.value = null;
    focusSoon('peer-url');
  }

  private async add(peer: { url: string; pubkey: string; name: string }): Promise<void> {
    const ok = await this.act(
      'add',
      () =>
        addPeer(this.csrf, { url: peer.url, pubkey: peer.pubkey, ...(peer.name ? { name: peer.name } : {}) }),
      (answer) => {
        const added = answer.peers.find((p) => p.url === peer.url.replace(/\/+$/, ''));
        return t('desk.peers.added', { peer: added ? peerLabel(added) : peer.url });
      },
    );
    if (ok)
      batch(() => {
        this.url.value = '';
        this.key.value = '';
        this.name.value = '';
        this.lookup.value = null;
      });
  }

  startRename(peer: Peer): void {
    batch(() => {
      this.renaming.value = peer.url;
      this.newName.value = peer.name ?? '';
    });
    focusSoon('peer-rename');
  }

  cancelRename(): void {
    const url = this.renaming.peek();
    this.renaming.value = null;
    if (url) focusSoon(this.actionsId(url));
  }

  async saveRename(): Promise<void> {
    const url = this.renaming.peek();
    if (!url) return;
    const ok = await this.act(
      `rename:${url}`,
      () => renamePeer(this.csrf, url, this.newName.peek().trim()),
      () => t('desk.peers.renamed'),
    );
    if (ok) this.renaming.value = null;
  }

  remove(peer: Peer): Promise<boolean> {
    return this.act(
      `remove:${peer.url}`,
      () => removePeer(this.csrf, peer),
      () => t('desk.peers.removed', { peer: peerLabel(peer) }),
    );
  }

  sync(peer: Peer, fromStart = false): Promise<boolean> {
    return this.act(
      `sync:${peer.url}`,
      async () => {
        const answer = await syncPeer(this.csrf, peer.url, fromStart);
        this.runs.value = { ...this.runs.peek(), [peer.url]: answer.result };
        return answer;
      },
      () => {
        const run = this.runs.peek()[peer.url]!;
        return t('desk.peers.synced', { peer: peerLabel(peer), pulled: run.pulled, pushed: run.pushed });
      },
    );
  }

  trust(peer: Peer): Promise<boolean> {
    const { url, pubkey, name } = peer;
    if (!pubkey) return Promise.resolve(false);
    return this.act(
      `trust:${url}`,
      () => trustRelay(this.csrf, { url, pubkey, ...(name ? { name } : {}) }),
      () => t('desk.peers.trusted_done', { peer: peerLabel(peer) }),
    );
  }

  untrust(relay: { pubkey: string; url?: string | undefined; name?: string | undefined }): Promise<boolean> {
    return this.act(
      `untrust:${relay.pubkey}`,
      () => untrustRelay(this.csrf, relay.pubkey),
      () => t('desk.peers.untrusted_done', { peer: relay.name || relay.url || shortNpub(relay.pubkey) }),
    );
  }

  /** Copy a node key; where the page may not write the clipboard, show it whole to copy by hand. */
  async copy(npub: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(npub);
      // The notice is a status line: it is read out without moving focus off the button.
      batch(() => {
        this.error.value = null;
        this.notice.value = t('desk.peers.copied');
        this.showKey.value = null;
      });
    } catch {
      this.showKey.value = npub;
      focusSoon('peer-key-whole');
    }
  }

  /** The id of a peer's first action button, where focus returns after renaming. */
  actionsId(url: string): string {
    const i = this.data.peek()?.peers.findIndex((p) => p.url === url) ?? -1;
    return `peer-${i}-sync`;
  }
}
