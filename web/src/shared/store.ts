// What the report page (and, in a database of its own, the join page) keeps on the phone, in
// one IndexedDB database that "Wipe" deletes:
//   kv      — the device key, what the node announced (desk key, difficulty), a replies cursor per key
//   outbox  — sealed reports (queue.ts) with each one's reply key, keyed by rumor id
//   replies — the desk's wraps addressed to this device's keys, still sealed, keyed by wrap id
// Nothing here is report text in clear: reports are kept as seals, replies as wraps.
import type { NostrEvent } from '../../../src/core/event.js';
import type { OutboxItem } from './queue.js';

let DB_NAME = 'tilshi-report';

/** The join page keeps its own database (set before the first call). */
export function useDatabase(name: string): void {
  DB_NAME = name;
}
const STORES = ['kv', 'outbox', 'replies'] as const;
type StoreName = (typeof STORES)[number];

let opened: Promise<IDBDatabase> | null = null;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function db(): Promise<IDBDatabase> {
  if (!opened) {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      for (const name of STORES) open.result.createObjectStore(name);
    };
    opened = request(open).then((d) => {
      // Another tab wiping the data: let it, and open afresh next time.
      d.onversionchange = () => {
        d.close();
        opened = null;
      };
      return d;
    });
    opened.catch(() => {
      opened = null;
    });
  }
  return opened;
}

async function tx<T>(store: StoreName, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>) {
  const d = await db();
  return request(run(d.transaction(store, mode).objectStore(store)));
}

export function get<T>(key: string): Promise<T | undefined> {
  return tx('kv', 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
}

export function put(key: string, value: unknown): Promise<IDBValidKey> {
  return tx('kv', 'readwrite', (s) => s.put(value, key));
}

export function outbox(): Promise<OutboxItem[]> {
  return tx('outbox', 'readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
}

export function saveItem(item: OutboxItem): Promise<IDBValidKey> {
  return tx('outbox', 'readwrite', (s) => s.put(item, item.id));
}

export function replies(): Promise<NostrEvent[]> {
  return tx('replies', 'readonly', (s) => s.getAll() as IDBRequest<NostrEvent[]>);
}

export function saveReply(wrap: NostrEvent): Promise<IDBValidKey> {
  return tx('replies', 'readwrite', (s) => s.put(wrap, wrap.id));
}

/** Delete the whole database (after closing our connection, so the deletion is not blocked). */
export async function deleteAll(): Promise<void> {
  if (opened) (await opened.catch(() => null))?.close();
  opened = null;
  await request(indexedDB.deleteDatabase(DB_NAME));
}
