import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { TilshiError } from '../core/errors.js';
import { issueText } from '../core/zod-util.js';
import { parsePublicKey } from '../crypto/keys.js';

/** What the environment says, read once, untyped strings made typed. Nothing is defaulted here. */
export interface EnvSettings {
  dataDir?: string;
  deskPassphrase?: string;
  /** A relay's database passphrase (with `encrypt_database`); a desk's key comes from its desk key. */
  databasePassphrase?: string;
  adminPassword?: string;
  logLevel?: string;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvSettings {
  const out: EnvSettings = {};
  if (env.TILSHI_DATA) out.dataDir = env.TILSHI_DATA;
  if (env.TILSHI_DESK_PASSPHRASE) out.deskPassphrase = env.TILSHI_DESK_PASSPHRASE;
  if (env.TILSHI_DB_PASSPHRASE) out.databasePassphrase = env.TILSHI_DB_PASSPHRASE;
  if (env.TILSHI_ADMIN_PASSWORD) out.adminPassword = env.TILSHI_ADMIN_PASSWORD;
  if (env.TILSHI_LOG_LEVEL) out.logLevel = env.TILSHI_LOG_LEVEL;
  return out;
}

/** A public key as written in config.json: hex or npub (as every screen shows it), kept as hex. */
const publicKey = z
  .string()
  .max(100)
  .transform((value, ctx) => {
    try {
      return parsePublicKey(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be 64 hex characters or an npub1… key' });
      return z.NEVER;
    }
  });

/** One peer in `config.json`: a node this one syncs with. */
export const PeerConfigSchema = z
  .object({
    /** The peer's base URL, e.g. `https://relay.example.org` (http or https). */
    url: z
      .string()
      .max(2_000)
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL'),
    /** The peer's node key (hex or npub): a listed peer may pull sealed reports from this node. */
    pubkey: publicKey.optional(),
    name: z.string().max(100).optional(),
    /** Seconds between scheduled syncs (default 60). */
    interval_seconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict();

export type PeerConfig = z.infer<typeof PeerConfigSchema>;

/**
 * Defaults of the limits that keep a flood of cheap requests from stopping a node
 * (docs/operations.md says how they were chosen).
 */
export const NETWORK_LIMITS = {
  ws_connections_per_source: 20,
  ws_connections_total: 1_000,
  ws_messages_per_source_per_second: 400,
  ws_queries_per_second: 20,
  subscriptions_per_source: 128,
  checks_per_source_per_second: 500,
  body_bytes_per_source_per_second: 2 * 1024 * 1024,
  request_timeout_seconds: 60,
  headers_timeout_seconds: 15,
  keep_alive_seconds: 5,
  idle_timeout_seconds: 60,
  sign_ins_per_minute: 30,
  password_hash_threads: 1,
  password_hash_queue: 16,
} as const;

/** A `trust_proxy` entry: an address, a CIDR range, or one of proxy-addr's named ranges. */
function isProxyAddress(value: string): boolean {
  if (value === 'loopback' || value === 'linklocal' || value === 'uniquelocal') return true;
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** `config.json` in the data folder: written by `tilshi init`, editable by the operator. */
export const NodeConfigSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1).max(100),
    role: z.enum(['relay', 'desk']),
    desk_pubkey: publicKey.nullable(),
    /** NIP-13 bits required on wraps and node announcements. */
    pow_difficulty: z.number().int().min(0).max(32),
    durability: z.enum(['full', 'normal']),
    /**
     * A relay: encrypt `tilshi.db` with a passphrase from TILSHI_DB_PASSPHRASE (a desk's store is
     * always encrypted, with a key derived from the desk key, whatever this says).
     */
    encrypt_database: z.boolean().default(false),
    /**
     * The signing key set in the SMS gateway app (SMS Gateway for Android: Settings →
     * Webhooks → Signing Key). Without it the SMS intake is off.
     */
    sms_signing_key: z.string().min(8).max(256).nullable().default(null),
    /**
     * The number correspondents text (the gateway phone's SIM): the report page shows it, with
     * what SMS reveals. Null: the page offers no SMS route.
     */
    sms_number: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{2,30}$/, 'must be a phone number')
      .nullable()
      .default(null),
    /**
     * Where the desk's replies to SMS reporters go out: the gateway app's send endpoint (SMS
     * Gateway for Android, Local mode: `http://PHONE-IP:8080/message`, with the user and password
     * of its Home tab). Without it the desk says that SMS replies cannot be delivered.
     */
    sms_gateway: z
      .object({
        url: z.url({ protocol: /^https?$/ }).max(500),
        username: z.string().min(1).max(200).optional(),
        password: z.string().min(1).max(200).optional(),
      })
      .strict()
      .nullable()
      .default(null),
    /** Whether this data folder is the demo (its passphrase is kept in the folder). */
    demo: z.boolean(),
    /**
     * The address the public reaches this node at (`https://news.example.org/`): feeds and article
     * links are made absolute from it. Null: from the request's own origin (docs/operations.md).
     */
    public_url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .refine((u) => !/[?#]/.test(u), 'must have no query or fragment')
      .nullable()
      .default(null),
    limits: z
      .object({
        /** Largest HTTP body, bytes. */
        body_bytes: z
          .number()
          .int()
          .min(1_024)
          .max(64 * 1024 * 1024),
        /** Largest WebSocket frame, bytes. */
        frame_bytes: z
          .number()
          .int()
          .min(1_024)
          .max(64 * 1024 * 1024),
        /** Events one POST may carry. */
        events_per_request: z.number().int().min(1).max(10_000),
        /** Messages per second a WebSocket connection may send (burst: twice that). */
        ws_messages_per_second: z.number().int().min(1).max(100_000),
        /** HTTP requests per minute from one source before 429. */
        http_requests_per_minute: z.number().int().min(1).max(1_000_000),
        /** Open subscriptions per WebSocket connection. */
        subscriptions_per_connection: z.number().int().min(1).max(1_000),
        /** Open WebSocket connections from one source (an address; an IPv6 /64). */
        ws_connections_per_source: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(NETWORK_LIMITS.ws_connections_per_source),
        /** Open WebSocket connections in all. */
        ws_connections_total: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(NETWORK_LIMITS.ws_connections_total),
        /** WebSocket messages per second of one source over all its connections (burst: the same). */
        ws_messages_per_source_per_second: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(NETWORK_LIMITS.ws_messages_per_source_per_second),
        /** Queries (REQ, NEG-OPEN) per second of one source over all its connections (burst: twice that). */
        ws_queries_per_second: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(NETWORK_LIMITS.ws_queries_per_second),
        /** Open subscriptions of one source over all its connections. */
        subscriptions_per_source: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(NETWORK_LIMITS.subscriptions_per_source),
        /**
         * Events (and auth signatures) from one source the node examines per second: parsing,
         * id, policy and signature (burst: twice that, at least one full request).
         */
        checks_per_source_per_second: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(NETWORK_LIMITS.checks_per_source_per_second),
        /**
         * Bytes of HTTP request bodies per second the node reads from one source (burst: one
         * `body_bytes`); a faster sender is slowed, not refused.
         */
        body_bytes_per_source_per_second: z
          .number()
          .int()
          .min(1_024)
          .max(1024 * 1024 * 1024)
          .default(NETWORK_LIMITS.body_bytes_per_source_per_second),
        /** Seconds a client may take to send a whole HTTP request (headers and body). */
        request_timeout_seconds: z
          .number()
          .int()
          .min(1)
          .max(3_600)
          .default(NETWORK_LIMITS.request_timeout_seconds),
        /** Seconds a client may take to send the headers of a request. */
        headers_timeout_seconds: z
          .number()
          .int()
          .min(1)
          .max(3_600)
          .default(NETWORK_LIMITS.headers_timeout_seconds),
        /** Seconds a kept-alive HTTP connection may wait for its next request. */
        keep_alive_seconds: z.number().int().min(1).max(3_600).default(NETWORK_LIMITS.keep_alive_seconds),
        /** Seconds an HTTP socket may stay silent before it is closed. */
        idle_timeout_seconds: z.number().int().min(1).max(3_600).default(NETWORK_LIMITS.idle_timeout_seconds),
        /** Desk sign-in attempts per minute from one source. */
        sign_ins_per_minute: z.number().int().min(1).max(100_000).default(NETWORK_LIMITS.sign_ins_per_minute),
        /** Password hashes (argon2id, 19 MiB each) computed at once, each on its own worker thread. */
        password_hash_threads: z.number().int().min(1).max(64).default(NETWORK_LIMITS.password_hash_threads),
        /** Password hashes waiting for a thread; beyond that sign-in answers 503 `busy`. */
        password_hash_queue: z.number().int().min(0).max(10_000).default(NETWORK_LIMITS.password_hash_queue),
      })
      .strict(),
    /**
     * Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` and
     * `X-Forwarded-Proto` the node believes (empty: none, every client is its socket address).
     */
    trust_proxy: z
      .array(
        z
          .string()
          .max(64)
          .refine(
            isProxyAddress,
            'an IP address, a CIDR range (10.0.0.0/8) or loopback/linklocal/uniquelocal',
          ),
      )
      .max(64)
      .default([]),
    /** Other nodes this one syncs with (`serve` syncs them on a schedule and when they come back). */
    peers: z.array(PeerConfigSchema).max(100).default([]),
    /**
     * Nostr relays (ws:// or wss://) the public records are published to (NIP-01 EVENT), in the
     * background of `serve` (docs/sync.md, "Publishing to other relays").
     */
    relays: z
      .array(
        z
          .string()
          .max(2_000)
          .regex(/^wss?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be a ws:// or wss:// URL'),
      )
      .max(20)
      .default([]),
    /** The organizer's workspace (docs/organize.md). */
    organize: z
      .object({
        /** Days a one-on-one's note is kept before the desk deletes it on every desk node. */
        note_days: z.number().int().min(1).max(3_650).default(60),
      })
      .strict()
      .default({ note_days: 60 }),
    /** The program (docs/program.md): public views withhold support counts below `threshold`. */
    program: z
      .object({ threshold: z.number().int().min(1).max(1_000).default(3) })
      .strict()
      .optional(),
  })
  .strict();

export type NodeConfig = z.infer<typeof NodeConfigSchema>;

/** Defaults for a new node; an operator changes them in `config.json`. */
export function defaultConfig(role: NodeConfig['role'], deskPubkey: string | null): NodeConfig {
  return {
    version: 1,
    name: role === 'desk' ? 'Tilshi desk' : 'Tilshi relay',
    role,
    desk_pubkey: deskPubkey,
    pow_difficulty: 16,
    durability: 'full',
    encrypt_database: false,
    sms_signing_key: null,
    sms_number: null,
    sms_gateway: null,
    demo: false,
    public_url: null,
    peers: [],
    relays: [],
    trust_proxy: [],
    organize: { note_days: 60 },
    limits: {
      body_bytes: 2 * 1024 * 1024,
      frame_bytes: 1024 * 1024,
      events_per_request: 1_000,
      ws_messages_per_second: 200,
      http_requests_per_minute: 600,
      subscriptions_per_connection: 32,
      ...NETWORK_LIMITS,
    },
  };
}

/** The files of a data folder. */
export function dataPaths(dataDir: string) {
  const dir = resolve(dataDir);
  return {
    dir,
    config: join(dir, 'config.json'),
    nodeKey: join(dir, 'node.key'),
    deskKey: join(dir, 'desk.ncryptsec'),
    demoPassphrase: join(dir, 'demo-passphrase'),
    intakeKey: join(dir, 'intake.key'),
    database: join(dir, 'tilshi.db'),
    /** Backups that `tilshi backup` writes when no --out is given. */
    backups: join(dir, 'backups'),
  };
}

/** Where the data folder is: `--data`, else `TILSHI_DATA`, else `./data`. */
export function resolveDataDir(flag: string | undefined, env: EnvSettings): string {
  return resolve(flag ?? env.dataDir ?? 'data');
}

/** Read and check `config.json`; says what to fix when it is wrong. */
export function loadConfig(dataDir: string): NodeConfig {
  const paths = dataPaths(dataDir);
  if (!existsSync(paths.config)) {
    throw new TilshiError(
      'not_initialized',
      `no node in ${paths.dir}: run \`tilshi init\` first (or --data DIR)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(paths.config, 'utf8'));
  } catch (err) {
    throw new TilshiError('bad_config', `${paths.config} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = NodeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new TilshiError('bad_config', `${paths.config}: ${issueText(parsed.error, '')}`);
  }
  const config = parsed.data;
  if (config.role === 'desk' && !existsSync(paths.deskKey)) {
    throw new TilshiError('bad_config', `role is desk but ${paths.deskKey} is missing`);
  }
  return config;
}

export function saveConfig(dataDir: string, config: NodeConfig): void {
  writeFileSync(dataPaths(dataDir).config, `${JSON.stringify(NodeConfigSchema.parse(config), null, 2)}\n`, {
    mode: 0o600,
  });
}
