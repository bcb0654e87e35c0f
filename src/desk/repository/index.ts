/*
 * All of the desk's SQL, by the tables it touches: accounts, sessions and the audit log; the
 * inbox's tables and its reports; the replies and join requests; the desk queue's cursor and
 * the wraps it reads from the log. The desk's other modules call these and hold no SQL.
 */
export * from './accounts.js';
export * from './inbox.js';
export * from './inbox-tables.js';
export * from './queue.js';
export * from './replies.js';
