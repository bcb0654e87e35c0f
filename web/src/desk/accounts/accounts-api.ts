// The admin's calls for desk accounts (routes in src/server/routes/desk.ts).
import type { AccountListing, Role } from '../../../../src/desk/accounts.js';
import { api } from '../../shared/http.js';

export type { AccountListing, Role };

/** A one-time password the node made: shown once, never kept by the page. */
export interface OneTime {
  username: string;
  password: string;
}

export async function listAccounts(): Promise<AccountListing[]> {
  return (await api<{ accounts: AccountListing[] }>('/api/v1/desk/accounts')).accounts;
}

export async function createAccount(csrf: string, username: string, role: Role): Promise<OneTime> {
  const body = await api<{ account: { username: string }; one_time_password: string }>(
    '/api/v1/desk/accounts',
    { method: 'POST', csrf, body: { username, role } },
  );
  return { username: body.account.username, password: body.one_time_password };
}

export function disableAccount(csrf: string, username: string): Promise<void> {
  return api(`/api/v1/desk/accounts/${encodeURIComponent(username)}/disable`, { method: 'POST', csrf });
}

export async function resetAccount(csrf: string, username: string): Promise<OneTime> {
  const body = await api<{ one_time_password: string }>(
    `/api/v1/desk/accounts/${encodeURIComponent(username)}/reset`,
    { method: 'POST', csrf },
  );
  return { username, password: body.one_time_password };
}
