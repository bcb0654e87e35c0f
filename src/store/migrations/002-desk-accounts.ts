import type { Migration } from './migration.js';

/** Desk users, their sessions, and the audit log every editorial command writes to. */
export const deskAccounts: Migration = {
  id: 2,
  name: 'desk-accounts',
  up: `
    CREATE TABLE accounts (
      id                   INTEGER PRIMARY KEY,
      username             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
      role                 TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'organizer', 'viewer')),
      password_hash        TEXT    NOT NULL,
      must_change_password INTEGER NOT NULL DEFAULT 0,
      created_at           INTEGER NOT NULL,
      disabled_at          INTEGER
    );

    CREATE TABLE sessions (
      token_hash   TEXT    PRIMARY KEY,
      account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      csrf_token   TEXT    NOT NULL,
      created_at   INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at   INTEGER NOT NULL
    );
    CREATE INDEX sessions_account ON sessions (account_id);

    CREATE TABLE audit_log (
      id      INTEGER PRIMARY KEY AUTOINCREMENT,
      at      INTEGER NOT NULL,
      actor   TEXT    NOT NULL,
      action  TEXT    NOT NULL,
      target  TEXT,
      details TEXT
    );
    CREATE INDEX audit_log_at ON audit_log (at DESC);
  `,
};
