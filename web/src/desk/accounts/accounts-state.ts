// The accounts screen's state: the list, the form for a new account, the one-time password just
// made (kept in memory only until the admin leaves the screen), and which account awaits a
// confirmation to be disabled.
import { batch, signal } from '@preact/signals';
import type { DeskContext } from '../desk-context.js';
import { t } from '../i18n.js';
import {
  type AccountListing,
  createAccount,
  disableAccount,
  listAccounts,
  type OneTime,
  type Role,
  resetAccount,
} from './accounts-api.js';

export class AccountsState {
  readonly accounts = signal<AccountListing[] | null>(null);
  readonly error = signal<unknown>(null);
  readonly busy = signal(false);
  readonly username = signal('');
  readonly role = signal<Role>('editor');
  readonly oneTime = signal<OneTime | null>(null);
  /** The account whose "disable" waits for a yes. */
  readonly confirming = signal<string | null>(null);

  constructor(private readonly ctx: DeskContext) {}

  async load(): Promise<void> {
    try {
      const accounts = await listAccounts();
      batch(() => {
        this.accounts.value = accounts;
        this.error.value = null;
      });
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
    }
  }

  /** Run an action, then read the list again; true when it worked. */
  private async act(run: () => Promise<void>): Promise<boolean> {
    batch(() => {
      this.busy.value = true;
      this.error.value = null;
    });
    try {
      await run();
      await this.load();
      return true;
    } catch (error) {
      if (!this.ctx.signedOut(error)) this.error.value = error;
      return false;
    } finally {
      this.busy.value = false;
    }
  }

  create(): Promise<boolean> {
    const username = this.username.value.trim();
    return this.act(async () => {
      const made = await createAccount(this.ctx.session.csrf_token, username, this.role.value);
      batch(() => {
        this.oneTime.value = made;
        this.username.value = '';
      });
      this.ctx.announce(t('desk.accounts.created', { username: made.username }));
    });
  }

  reset(username: string): Promise<boolean> {
    return this.act(async () => {
      this.oneTime.value = await resetAccount(this.ctx.session.csrf_token, username);
      this.ctx.announce(t('desk.accounts.reset_done', { username }));
    });
  }

  disable(username: string): Promise<boolean> {
    return this.act(async () => {
      await disableAccount(this.ctx.session.csrf_token, username);
      this.confirming.value = null;
      this.ctx.announce(t('desk.accounts.disabled_done', { username }));
    });
  }
}
