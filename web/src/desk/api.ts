// The desk routes of the node, typed as the node answers them (the node's own types, imported
// as types only: no server code reaches the page).
import type { Role } from '../../../src/desk/accounts.js';
import type { AuditEntry } from '../../../src/desk/audit.js';
import type { DeskProgress } from '../../../src/desk/desk-queue.js';
import { api } from '../shared/http.js';

export interface Account {
  username: string;
  role: Role;
  must_change_password: boolean;
}

export interface Session {
  account: Account;
  csrf_token: string;
}

export interface NodeStatus {
  role: string;
  node_pubkey: string;
  desk_npub: string | null;
  node_npub: string;
  events_total: number;
  by_kind: Record<string, number>;
  last_seq: number;
  /**
   * The desk queue: reports waiting to be opened, opened so far, and those it could not use
   * (null on a node without the desk key: a relay).
   */
  inbox: DeskProgress | null;
}

/** An entry of the audit log, as the node keeps it. */
export type { AuditEntry };

/** Rejects with code `not_signed_in` (401) when there is no session. */
export function getSession(): Promise<Session> {
  return api<Session>('/api/v1/desk/session');
}

export function signIn(username: string, password: string): Promise<Session> {
  return api<Session>('/api/v1/desk/session', { method: 'POST', body: { username, password } });
}

export function signOut(csrf: string): Promise<void> {
  return api<void>('/api/v1/desk/session', { method: 'DELETE', csrf });
}

/** `currentPassword` null: the first change after a one-time password, which the node does not ask again. */
export function changePassword(
  csrf: string,
  currentPassword: string | null,
  newPassword: string,
): Promise<void> {
  return api<void>('/api/v1/desk/password', {
    method: 'POST',
    csrf,
    body: {
      ...(currentPassword === null ? {} : { current_password: currentPassword }),
      new_password: newPassword,
    },
  });
}

export function getStatus(): Promise<NodeStatus> {
  return api<NodeStatus>('/api/v1/desk/status');
}

export async function getAudit(limit = 50): Promise<AuditEntry[]> {
  const body = await api<{ entries: AuditEntry[] }>(`/api/v1/desk/audit?limit=${limit}`);
  return Array.isArray(body.entries) ? body.entries : [];
}
