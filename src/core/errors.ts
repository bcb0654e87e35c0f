/**
 * Errors that cross a boundary (HTTP, WebSocket, CLI) carry a stable snake_case `code`.
 * They are turned into answers in one place per boundary; the code is the contract, the
 * message is for people.
 */
export class TilshiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, status = 400, details?: Record<string, unknown>) {
    super(message);
    this.name = 'TilshiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Input that does not have the shape or values the contract asks for (HTTP 400). */
export class ValidationError extends TilshiError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 400, details);
    this.name = 'ValidationError';
  }
}

/** The caller may not do this (HTTP 401 without a session, 403 with one). */
export class AuthError extends TilshiError {
  constructor(code: string, message: string, status: 401 | 403 = 401) {
    super(code, message, status);
    this.name = 'AuthError';
  }
}

/** An edit that names a version which is no longer the current one (HTTP 409). */
export class ConflictError extends TilshiError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 409, details);
    this.name = 'ConflictError';
  }
}

/** Something that does not exist (HTTP 404). */
export class NotFoundError extends TilshiError {
  constructor(code: string, message: string) {
    super(code, message, 404);
    this.name = 'NotFoundError';
  }
}

/** SQLite result codes that say the store's file is damaged (or does not open with its key). */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR_SHORT_READ']);

/** Whether an error thrown by SQLite means the database file is damaged: never retry, restore. */
export function isDatabaseDamage(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}
