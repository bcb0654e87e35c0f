/*
 * All of sync's SQL, by the tables it touches: the event log as sync reads it (pages to offer,
 * the JSON to send, id prefixes, negentropy's sets, the desk's list of trusted relays); the
 * peers' cursors and counts; the relays it publishes to and what they refused. Sync's other
 * modules call these and hold no SQL.
 */
export * from './log.js';
export * from './peers.js';
export * from './publish.js';
