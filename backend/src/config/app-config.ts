import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { parseKeys } from '../common/encryption/key-ring';
import { outboundPolicy } from '../common/outbound/outbound-policy';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;
const WORKER_MODES = ['inline', 'none'] as const;
/** Who may create an account (see modules/workspace): everyone, holders of an invite, nobody. */
export const REGISTRATION_MODES = ['open', 'invite', 'closed'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
/** Test-only faults a process can inject into itself (refused in production). */
const FAULT_INJECTIONS = ['exit-after-commit'] as const;
/** The built-in bots a server can offer (see modules/bot/bot-catalog.ts). */
export const BUILT_IN_BOTS = ['sizebot', 'assistant'] as const;
export type BuiltInBot = (typeof BUILT_IN_BOTS)[number];

const DEFAULT_LLM_SYSTEM_PROMPT =
  'You are "assistant", a helpful assistant inside a team chat. Answer concisely and clearly; ' +
  'use Markdown for lists and code. When several people talk, their names prefix their messages.';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * Every environment variable the API and worker read, with its default.
 * `.env.example` and docs/configuration.md list the same names.
 */
export class AppConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  /**
   * A direct (session) connection to PostgreSQL for what a transaction-pooling PgBouncer at
   * DATABASE_URL cannot carry: the migrations' advisory lock and the bot outbox's LISTEN.
   * Unset: DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_DIRECT_URL?: string;

  /**
   * A read-only replica for history pages and search; a person who wrote within
   * DATABASE_READ_STICKY_MS reads from the primary. Unset: every read goes to DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_READ_POOL_SIZE = 10;

  /** How long after a write its author reads from the primary: longer than the replica's lag. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600_000)
  DATABASE_READ_STICKY_MS = 5000;

  @Transform(toBoolean)
  @IsBoolean()
  DB_MIGRATE = true;

  /** One URL; with REDIS_CLUSTER, one or more comma-separated seed nodes of the cluster. */
  @Matches(/^rediss?:\/\/[^,\s]+(\s*,\s*rediss?:\/\/[^,\s]+)*$/, {
    message: 'must be a redis:// or rediss:// URL (comma-separated seed nodes with REDIS_CLUSTER)',
  })
  REDIS_URL: string;

  /** Redis Cluster: sharded Pub/Sub for Socket.IO, hash-tagged keys for scripts and BullMQ. */
  @Transform(toBoolean)
  @IsBoolean()
  REDIS_CLUSTER = false;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 100kb or 1mb' })
  HTTP_BODY_LIMIT = '100kb';

  @IsOptional()
  @IsString()
  @MinLength(1)
  SPA_DIR?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGIN?: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * Proxies whose `X-Forwarded-For` is believed (client IPs for the auth limit): a hop count, or
   * comma-separated addresses/CIDRs (`loopback`, `linklocal`, `uniquelocal` too). Unset: none,
   * so nobody can pick their own address.
   */
  @IsOptional()
  @Matches(
    /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?))*)$/,
    {
      message:
        'must be a hop count or comma-separated addresses, CIDRs, loopback, linklocal or uniquelocal',
    },
  )
  TRUST_PROXY?: string;

  /** Signs access tokens: 32+ characters, always required (`npm start` and tests make one). */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_MINUTE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MESSAGES_PER_MINUTE = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MESSAGES_PER_DAY = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_TYPING_PER_SECOND = 1;

  /**
   * REST request budget per minute per signed-in person, across instances; a route costs 1
   * unless marked heavier (search, uploads, exports, creating conversations).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REQUESTS_PER_MINUTE = 600;

  /** The same budget per client address (signed in or not: many people may share one). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP = 3000;

  /** `conversation:read` and `conversation:delivered` events per minute per person, together. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_RECEIPTS_PER_MINUTE = 600;

  /**
   * Failed sign-ins one username may have from one address before each further one doubles
   * the wait (1 s, 2 s, 4 s...); the owner's address elsewhere is never slowed.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_FAILURES_BEFORE_DELAY = 5;

  /** The longest wait between sign-in attempts of one username from one address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_DELAY_MAX_SECONDS = 900;

  /** New widget visitors (guest sessions) per client address per hour; renewals do not count. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_GUEST_SESSIONS_PER_HOUR = 20;

  /** Widget visitors idle this many days are deleted with their conversation. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  GUEST_RETENTION_DAYS = 30;

  /**
   * A deleted account's username stays taken this many days (no one can pose as the person who
   * left while their old messages are fresh), then a job frees it.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  DELETED_USERNAME_GRACE_DAYS = 30;

  /**
   * Serves the demo shop at /demo/shop and creates its widget at start when there is no
   * widget yet (`npm start` turns it on; off in Compose and the chart).
   */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_SHOP = false;

  /** Sockets one user may hold open at once, across every instance (tabs and devices). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  MAX_SOCKETS_PER_USER = 30;

  /** Largest Socket.IO message accepted; bigger ones close the connection before parsing. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10_000_000)
  SOCKET_MAX_PAYLOAD_BYTES = 65_536;

  /**
   * Outbound bytes one socket may have waiting on the server (a client that stopped reading):
   * past it the socket is dropped, so a stalled client cannot grow the process's memory.
   */
  @Type(() => Number)
  @IsInt()
  @Min(65_536)
  @Max(1_073_741_824)
  SOCKET_MAX_BUFFERED_BYTES = 8_388_608;

  /**
   * `inline`: this API process also runs the bot worker (one process has everything);
   * `none`: it only enqueues, and `node backend/dist/worker.js` processes run the replies.
   */
  @IsIn(WORKER_MODES)
  WORKER_MODE: (typeof WORKER_MODES)[number] = 'inline';

  /**
   * Tests only, refused when NODE_ENV=production: `exit-after-commit` makes the process SIGKILL
   * itself right after a message's commit, before announcing it (proves the delivery relay).
   */
  @IsOptional()
  @IsIn(FAULT_INJECTIONS)
  FAULT_INJECTION?: (typeof FAULT_INJECTIONS)[number];

  /**
   * The API's own operations port: /metrics (with /health and /health/ready) for Prometheus,
   * kept off the public port. 0 picks a free port (tests).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /** Slow clients: the whole header block must arrive within this time (slowloris). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Slow clients: the whole request, body included, must arrive within this time. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** The worker process's own port for /health, /health/ready and /metrics. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_PORT = 3001;

  /** Comma-separated built-in bots this server offers; `none` offers none. */
  @Matches(new RegExp(`^(none|(${BUILT_IN_BOTS.join('|')})(,(${BUILT_IN_BOTS.join('|')}))*)$`), {
    message: `must be none or a comma-separated list of ${BUILT_IN_BOTS.join(', ')}`,
  })
  BOTS = BUILT_IN_BOTS.join(',');

  /** Bot replies one worker process produces at the same time (they mostly wait on I/O). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  BOT_CONCURRENCY = 32;

  /** Replies being produced at once for one person; more wait their turn. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  BOT_MAX_IN_FLIGHT_PER_USER = 3;

  /** One attempt at a reply is abandoned (and retried) after this long. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  BOT_REPLY_TIMEOUT_MS = 120_000;

  /** Attempts per reply (exponential backoff from 1 s) before it is marked failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  BOT_REPLY_ATTEMPTS = 3;

  /** How many recent messages of the conversation a bot sees... */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  BOT_CONTEXT_MESSAGES = 20;

  /** ...within this many characters (oldest dropped first). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  BOT_CONTEXT_CHARS = 8000;

  /** How long a deterministic bot's reply is reused for the same prompt and context; 0 = off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  BOT_REPLY_CACHE_TTL_SECONDS = 3600;

  /** A worker that stops renewing a job's lock (crashed) loses it after this long. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  BOT_JOB_LOCK_MS = 30_000;

  /** How often workers re-enqueue replies whose hand-off was missed (outbox sweep). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  BOT_OUTBOX_SWEEP_MS = 5000;

  /**
   * Conversations whose newest messages each API process keeps in memory for the newest page
   * (those its sockets are in; 0 turns the cache off).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  MESSAGE_PAGE_CACHE_CONVERSATIONS = 2000;

  /** The memory those pages may take in each API process, in MiB (0 turns the cache off). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65_536)
  MESSAGE_PAGE_CACHE_MB = 64;

  /**
   * The registration policy a new workspace starts with; admins change it at run time
   * (`PATCH /admin/settings`), and the stored setting wins from then on.
   */
  @IsIn(REGISTRATION_MODES)
  REGISTRATION_MODE: RegistrationMode = 'open';

  /**
   * The address people reach the web app at, e.g. https://chat.example.com: invite links start
   * with it. Unset: the address of the request that created the invite.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, {
    message: 'must be an http:// or https:// URL without query or fragment',
  })
  PUBLIC_URL?: string;

  /**
   * Account mail (verification, password reset, export ready) goes through this SMTP server:
   * `smtp://` (STARTTLS when offered) or `smtps://`, with `user:pass@` when it needs a login.
   * Unset: nothing is mailed and the sign-in page says an admin can give a reset link.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of account mail: an address, or `Name <address>`. */
  @IsString()
  @Matches(/^([^<>]*<\S+@\S+>|\S+@\S+)$/, { message: 'must be an address or Name <address>' })
  MAIL_FROM = 'Chat <chat@localhost>';

  /** A session not refreshed for this long ends (OWASP ASVS V7 idle timeout). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  SESSION_IDLE_DAYS = 30;

  /** A session ends this long after its sign-in, however active (absolute lifetime). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  SESSION_MAX_DAYS = 90;

  /**
   * Single sign-on through OpenID Connect: the identity provider's issuer URL (its discovery
   * document is `<issuer>/.well-known/openid-configuration`). Unset: no SSO button. An http://
   * issuer is accepted for local testing only (refused when NODE_ENV=production).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^?#\s]+$/, { message: 'must be an http:// or https:// URL' })
  OIDC_ISSUER?: string;

  /** This server's client id at the identity provider. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  /** The client secret; unset: a public client (PKCE alone). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  /** The sign-in button's text. */
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  OIDC_LABEL = 'Sign in with SSO';

  /** Whether single sign-on is configured (OIDC_ISSUER set). */
  get oidcEnabled(): boolean {
    return Boolean(this.OIDC_ISSUER);
  }

  /** Whether account mail is sent (SMTP_URL set). */
  get mailEnabled(): boolean {
    return Boolean(this.SMTP_URL);
  }

  /** An OpenAI-compatible API (`.../v1`) for the assistant; unset = the offline responder. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'must be an http:// or https:// URL' })
  LLM_BASE_URL?: string;

  @IsOptional()
  @IsString()
  LLM_API_KEY?: string;

  @IsString()
  @MinLength(1)
  LLM_MODEL = 'llama3.2';

  @IsString()
  @MinLength(1)
  LLM_SYSTEM_PROMPT = DEFAULT_LLM_SYSTEM_PROMPT;

  /** A model that sends nothing for this long (before or between chunks) is given up on. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  LLM_TIMEOUT_MS = 60_000;

  /**
   * Destinations the server's own requests (link previews and their images, Web Push, OIDC
   * discovery, webhooks) may reach although they are private or internal: comma-separated host
   * names (`.example.com` = it and its subdomains), addresses and CIDR networks.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9.:/_,\s-]*$/, { message: 'must be host names, addresses or networks' })
  OUTBOUND_ALLOW = '';

  /** Ports the server's own requests may use (comma-separated). */
  @Matches(/^\d{1,5}(,\d{1,5})*$/, { message: 'must be comma-separated port numbers' })
  OUTBOUND_PORTS = '80,443';

  /**
   * Tests only, refused when NODE_ENV=production: link previews may fetch private and loopback
   * addresses on any port, so a test can preview a page it serves itself.
   */
  @Transform(toBoolean)
  @IsBoolean()
  LINK_PREVIEW_ALLOW_PRIVATE = false;

  /** Where uploaded files live when S3_BUCKET is unset (relative to the working directory). */
  @IsString()
  @MinLength(1)
  UPLOADS_DIR = '.data/uploads';

  /** Largest attachment accepted, in bytes (413 above it). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1_073_741_824)
  UPLOAD_MAX_BYTES = 26_214_400;

  /**
   * Bytes of attachments one person may keep (their uploads, sent or not, until deleted with
   * their message or collected); 0 = no quota. Over it: 413 `QUOTA_EXCEEDED`.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  UPLOAD_QUOTA_BYTES = 1_073_741_824;

  /** An upload no message has used is downloadable by its uploader only, and deleted after this. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  UPLOAD_ORPHAN_HOURS = 24;

  /** Images larger than this many pixels get no thumbnail (they stay downloadable). */
  @Type(() => Number)
  @IsInt()
  @Min(1_000_000)
  @Max(268_402_689)
  THUMBNAIL_MAX_PIXELS = 50_000_000;

  /**
   * Thumbnail jobs wait while their process is at or above this resident size (MB), so a burst
   * of large images cannot push a worker past its container limit; 0 = no check (the default:
   * an API process with WORKER_MODE=inline holds sockets too, set it to what its limit allows).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  THUMBNAIL_MEMORY_LIMIT_MB = 0;

  /** Attachment uploads one user may start per minute; then 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_UPLOADS_PER_MINUTE = 30;

  /** Set: attachments and avatars go to this S3-compatible bucket instead of UPLOADS_DIR. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;

  /** An S3-compatible endpoint (MinIO, moto...); unset = AWS for S3_REGION. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Bucket in the path (`endpoint/bucket/key`), as MinIO needs, instead of a subdomain. */
  @Transform(toBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /**
   * Web Push (VAPID, `npx web-push generate-vapid-keys`): all three set turns push on, none
   * leaves it off. The public key is the browser's `applicationServerKey`.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{80,100}$/, { message: 'must be a URL-safe base64 P-256 public key' })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{40,50}$/, { message: 'must be a URL-safe base64 P-256 private key' })
  VAPID_PRIVATE_KEY?: string;

  /** Who runs this server, for push services: a `mailto:` address or an `https:` URL. */
  @IsOptional()
  @Matches(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { message: 'must be a mailto: or https: URL' })
  VAPID_SUBJECT?: string;

  /**
   * Tracing (docs/operations.md): on when set, an OTLP/HTTP collector's base URL. The SDK reads
   * it and the other standard `OTEL_*` variables itself; checked here so a typo stops the start.
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Error reports (docs/operations.md): on when set, a Sentry DSN. */
  @IsOptional()
  @Matches(/^https?:\/\/[^@\s]+@\S+\/\S+$/, {
    message: 'must be a Sentry DSN (https://key@host/project)',
  })
  SENTRY_DSN?: string;

  /** The environment errors are reported under; NODE_ENV when unset. */
  @IsOptional()
  @Matches(/^[\w.-]{1,64}$/, {
    message: 'must be 1-64 letters, digits, dots, dashes or underscores',
  })
  SENTRY_ENVIRONMENT?: string;

  /** The release errors are reported under; `chat@<version of backend/package.json>` when unset. */
  @IsOptional()
  @Matches(/^\S{1,200}$/, { message: 'must be a release name without spaces' })
  SENTRY_RELEASE?: string;

  /** Tests only, refused when NODE_ENV=production: accept `http:` push endpoints. */
  @Transform(toBoolean)
  @IsBoolean()
  PUSH_ALLOW_INSECURE_ENDPOINTS = false;

  /** Whether Web Push is configured (all three VAPID variables). */
  get pushEnabled(): boolean {
    return Boolean(this.VAPID_PUBLIC_KEY && this.VAPID_PRIVATE_KEY && this.VAPID_SUBJECT);
  }

  /** Express's `trust proxy` setting from TRUST_PROXY. */
  get trustProxy(): number | string | false {
    if (!this.TRUST_PROXY) return false;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  /** The bots this server offers, from BOTS. */
  get enabledBots(): BuiltInBot[] {
    if (this.BOTS === 'none') return [];
    return [...new Set(this.BOTS.split(',') as BuiltInBot[])];
  }

  /**
   * A socket counts as connected this long after its last heartbeat, so the users of an
   * instance that died show offline within it.
   */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(3600)
  PRESENCE_TTL_SECONDS = 60;

  /** A user whose last socket closed stays online this long: a quick reconnect shows nothing. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  PRESENCE_GRACE_MS = 5000;

  /**
   * Encryption at rest: `id:base64key,...` (32-byte keys; the first one encrypts, the others
   * still decrypt until rotation has moved everything to the first). Unset: stored as written.
   */
  @IsOptional()
  @IsString()
  ENCRYPTION_KEYS?: string;

  /** The blind index's own key (32 bytes, base64): whole-word search over encrypted messages. */
  @IsOptional()
  @IsString()
  ENCRYPTION_INDEX_KEY?: string;

  /** The access-token secret (required by validation). */
  get jwtSecret(): string {
    return this.JWT_SECRET!;
  }
}

export class ConfigError extends Error {}

/** Rules that span variables, checked after each variable is valid on its own. */
function crossCheck(config: AppConfig, needsJwtSecret: boolean): string[] {
  const problems: string[] = [];
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together, or neither');
  }
  if (config.FAULT_INJECTION && config.NODE_ENV === 'production') {
    problems.push('FAULT_INJECTION is for tests and is refused when NODE_ENV=production');
  }
  if (config.LINK_PREVIEW_ALLOW_PRIVATE && config.NODE_ENV === 'production') {
    problems.push(
      'LINK_PREVIEW_ALLOW_PRIVATE is for tests and is refused when NODE_ENV=production',
    );
  }
  if (config.PUSH_ALLOW_INSECURE_ENDPOINTS && config.NODE_ENV === 'production') {
    problems.push(
      'PUSH_ALLOW_INSECURE_ENDPOINTS is for tests and is refused when NODE_ENV=production',
    );
  }
  try {
    outboundPolicy({ allow: config.OUTBOUND_ALLOW, ports: config.OUTBOUND_PORTS });
  } catch (error) {
    problems.push(`OUTBOUND_ALLOW/OUTBOUND_PORTS: ${(error as Error).message}`);
  }
  if (config.SMTP_URL && !config.PUBLIC_URL) {
    // Links in mail cannot come from a request's Host header, which anyone can set.
    problems.push('SMTP_URL needs PUBLIC_URL: the links in account mail start with it');
  }
  if (config.OIDC_ISSUER && (!config.OIDC_CLIENT_ID || !config.PUBLIC_URL)) {
    // The redirect URI registered at the provider cannot come from a request's Host header.
    problems.push(
      'OIDC_ISSUER needs OIDC_CLIENT_ID and PUBLIC_URL (the redirect URI starts with it)',
    );
  }
  if (config.OIDC_ISSUER?.startsWith('http:') && config.NODE_ENV === 'production') {
    problems.push('OIDC_ISSUER must be https:// when NODE_ENV=production');
  }
  if (!config.REDIS_CLUSTER && config.REDIS_URL.includes(',')) {
    problems.push('REDIS_URL lists several nodes: that needs REDIS_CLUSTER=true');
  }
  if (config.SESSION_IDLE_DAYS > config.SESSION_MAX_DAYS) {
    problems.push('SESSION_IDLE_DAYS cannot be longer than SESSION_MAX_DAYS');
  }
  problems.push(...encryptionProblems(config));
  const vapid = [config.VAPID_PUBLIC_KEY, config.VAPID_PRIVATE_KEY, config.VAPID_SUBJECT];
  if (vapid.some(Boolean) && !vapid.every(Boolean)) {
    problems.push(
      'VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT go together: set all three or none',
    );
  }
  if (!config.JWT_SECRET) {
    if (!needsJwtSecret) return problems;
    problems.push(
      'JWT_SECRET is required: 32+ random characters (e.g. `openssl rand -base64 48`); `npm start` generates one',
    );
  } else if (config.NODE_ENV === 'production' && new Set(config.JWT_SECRET).size < 10) {
    problems.push(
      'JWT_SECRET is too weak: use 32+ random characters (e.g. `openssl rand -base64 48`)',
    );
  }
  return problems;
}

function encryptionProblems(config: AppConfig): string[] {
  if (!config.ENCRYPTION_KEYS) {
    return config.ENCRYPTION_INDEX_KEY ? ['ENCRYPTION_INDEX_KEY needs ENCRYPTION_KEYS'] : [];
  }
  try {
    const keys = parseKeys(config.ENCRYPTION_KEYS);
    const index = Buffer.from(config.ENCRYPTION_INDEX_KEY ?? '', 'base64');
    if (index.length !== 32) {
      return ['ENCRYPTION_INDEX_KEY is required with ENCRYPTION_KEYS: 32 bytes of base64'];
    }
    if (keys.some((k) => k.key.equals(index))) {
      return ['ENCRYPTION_INDEX_KEY must differ from every key in ENCRYPTION_KEYS'];
    }
    return [];
  } catch (error) {
    return [`ENCRYPTION_KEYS: ${(error as Error).message}`];
  }
}

function describe(error: ValidationError, env: Record<string, string | undefined>): string {
  const name = error.property;
  const raw = env[name];
  const reasons = Object.values(error.constraints ?? {})
    .map((c) => c.replace(new RegExp(`^${name} `), ''))
    .join(', ');
  return raw === undefined
    ? `${name} is required (${reasons})`
    : `${name}=${JSON.stringify(raw)}: ${reasons}`;
}

/** Validates the environment; throws a ConfigError whose message is one line naming each bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  { needsJwtSecret = true }: { needsJwtSecret?: boolean } = {},
): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(new AppConfig())) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const config = plainToInstance(AppConfig, relevant);
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems =
    errors.length > 0 ? errors.map((e) => describe(e, env)) : crossCheck(config, needsJwtSecret);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return config;
}
