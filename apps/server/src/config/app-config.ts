import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, Validate, validateSync } from 'class-validator';
import { TrustProxyConstraint } from '../common/client-address';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  return value;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting Accord reads from the environment, with its default. The README's
 * configuration table lists the same variables: keep them in step.
 */
export class AppConfig {
  /** HTTP and websocket port. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** External PostgreSQL. When unset, Accord starts its embedded PostgreSQL. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Data folder of the embedded PostgreSQL (used only without DATABASE_URL). */
  @IsString()
  EMBEDDED_DB_DIR = '.data/postgres';

  @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_DB_PORT = 5499;

  /** Redis, for running several server instances. Optional with one instance. */
  @IsOptional() @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every Redis channel Accord uses: lets several deployments (or test runs) share one Redis. */
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or :_.-' })
  REDIS_KEY_PREFIX = 'accord:';

  /** Longest wait for one Redis command; past it the command fails and the instance carries on alone. */
  @Transform(toInt) @IsInt() @Min(50) @Max(60_000)
  REDIS_COMMAND_TIMEOUT_MS = 1000;

  /** How often each instance announces itself (and how far its edits are stored) to the others. */
  @Transform(toInt) @IsInt() @Min(50) @Max(60_000)
  CLUSTER_HEARTBEAT_MS = 1000;

  /**
   * Silence after which another instance counts as gone (its unstored edits are stored by the others),
   * and after which this instance, not hearing its own heartbeat, counts Redis as stalled.
   */
  @Transform(toInt) @IsInt() @Min(200) @Max(600_000)
  CLUSTER_INSTANCE_TIMEOUT_MS = 5000;

  /** How long an instance opening a document waits for the others' answers to its catch-up request. */
  @Transform(toInt) @IsInt() @Min(10) @Max(60_000)
  CLUSTER_CATCH_UP_TIMEOUT_MS = 1000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Largest websocket frame accepted on /collab; larger frames close the connection with 1009. */
  @Transform(toInt) @IsInt() @Min(1024)
  COLLAB_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /**
   * The most bytes a document's encoded Yjs state may take; an update that would go past it is
   * refused (4413). 4 MiB is ten times a 200,000-character text (about 70 pages) typed keystroke by
   * keystroke (0.4 MB), while encoding a whole document, which every join and compaction does,
   * stays near 150 ms (measured: 7 MiB took 350 ms to 1 s).
   */
  @Transform(toInt) @IsInt() @Min(1024)
  COLLAB_MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

  /** Messages per second one websocket connection may send, on average (past the burst: 4429). */
  @Transform(toInt) @IsInt() @Min(1)
  COLLAB_BUDGET_MESSAGES_PER_SECOND = 2000;

  /** Messages one connection may send at once before the per-second rate applies. */
  @Transform(toInt) @IsInt() @Min(1)
  COLLAB_BUDGET_MESSAGE_BURST = 10_000;

  /**
   * Bytes per second one connection may send or make the server produce for it (a sync step 1 is
   * charged the document's size). Its burst is COLLAB_MAX_MESSAGE_BYTES + COLLAB_MAX_DOCUMENT_BYTES
   * + one second of this rate: what a client's initial sync of the largest document takes.
   */
  @Transform(toInt) @IsInt() @Min(1024)
  COLLAB_BUDGET_BYTES_PER_SECOND = 1024 * 1024;

  /** How long a document stays in memory after its last connection leaves. */
  @Transform(toInt) @IsInt() @Min(0)
  COLLAB_UNLOAD_GRACE_MS = 2000;

  /** Minutes of continuous editing after which an automatic version is made even if editors stay (0: only when the last editor leaves). */
  @Transform(toInt) @IsInt() @Min(0)
  VERSION_AUTO_INTERVAL_MINUTES = 10;

  /** Memory held for edits that could not be written yet (database outage). Past it, editing pauses. */
  @Transform(toInt) @IsInt() @Min(1024)
  PERSIST_QUEUE_MAX_BYTES = 64 * 1024 * 1024;

  /** Least time between two commits of the update log; under load, more edits share a commit. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1000)
  PERSIST_COMMIT_INTERVAL_MS = 8;

  /** Compact a document's update log into its stored state after this many logged updates. */
  @Transform(toInt) @IsInt() @Min(1)
  COMPACT_AFTER_UPDATES = 500;

  /**
   * Demo mode: seed the EC-NET demo network on first start (when the database holds no network) and
   * list its accounts on the sign-in page. Off by default, so production is safe; `npm start` asks for it.
   * When off, the demo accounts of an earlier demo seed cannot sign in.
   */
  @Transform(toBool) @IsBoolean()
  SEED_DEMO = false;

  /**
   * With SEED_DEMO: also publish the demo's published recommendation (edition 1 and an erratum),
   * rendering its files at first start (a few seconds with Chromium). The tests turn it off where
   * they do not need it.
   */
  @Transform(toBool) @IsBoolean()
  SEED_DEMO_EDITIONS = true;

  /**
   * Which proxies in front of Accord to believe about the client's address (X-Forwarded-For):
   * `false` (none), `true` (all), a hop count, or a comma-separated list of addresses and subnets.
   * The sign-in, link and reset throttles and the websocket log see the address this yields.
   */
  @IsString() @Validate(TrustProxyConstraint)
  TRUST_PROXY = 'false';

  /**
   * The Chromium that prints PDF exports (editions, dossiers, drafts). Where it is missing, Accord
   * still publishes, without PDFs, and says so in the log and in the publish dialog.
   */
  @IsString()
  CHROMIUM_PATH = '/usr/bin/chromium';

  /** Folder of the built web app served at /. */
  @IsString()
  WEB_DIST_DIR = 'dist/web';

  /** The address people open Accord at; links in mails (invitations, password resets) start with it. */
  @Matches(/^https?:\/\/[^/]+/, { message: 'PUBLIC_URL must be an http:// or https:// URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /** How long a browser session lasts after sign-in. */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 90)
  SESSION_TTL_HOURS = 12;

  /** Mark the session cookies Secure (set it when Accord is served over HTTPS). */
  @Transform(toBool) @IsBoolean()
  COOKIE_SECURE = false;

  /** Lifetime of a token from POST /api/auth/collab-token, for non-browser collaboration clients. */
  @Transform(toInt) @IsInt() @Min(10) @Max(86_400)
  COLLAB_TOKEN_TTL_SECONDS = 300;

  /** How often open collaboration connections re-check their member's rights (also across instances). */
  @Transform(toInt) @IsInt() @Min(250) @Max(60_000)
  COLLAB_ACCESS_RECHECK_MS = 3000;

  /** Failed sign-ins per account from one remote address within the window before sign-in is refused (429). */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  /** Failed sign-ins per remote address within the window before sign-in is refused (429). */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  /** Invitation and reset-link submissions (set a password) from one remote address within the window before 429. */
  @Transform(toInt) @IsInt() @Min(1)
  ACCOUNT_LINK_MAX_PER_ADDRESS = 10;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60)
  LOGIN_THROTTLE_WINDOW_MINUTES = 15;

  /** How long an invitation link stays valid. */
  @Transform(toInt) @IsInt() @Min(1)
  INVITATION_TTL_HOURS = 168;

  /** How long a password reset link stays valid. */
  @Transform(toInt) @IsInt() @Min(1)
  PASSWORD_RESET_TTL_MINUTES = 60;

  /** Password reset requests from one remote address within the sign-in throttle window before 429. */
  @Transform(toInt) @IsInt() @Min(1)
  PASSWORD_RESET_MAX_PER_ADDRESS = 10;

  /** Reset mails sent to one address within the sign-in throttle window; further requests mail nothing. */
  @Transform(toInt) @IsInt() @Min(1)
  PASSWORD_RESET_MAX_PER_ACCOUNT = 3;

  /** smtp:// or smtps:// URL of a mail server. When unset, mail goes to the outbox and the log only. */
  @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Accord <no-reply@accord.example>';

  /**
   * Write the invitation and reset links of outbox mails into the log (development and tests only:
   * whoever reads the log could take over the account). Off: the log shows the mail with the link withheld.
   */
  @Transform(toBool) @IsBoolean()
  MAIL_LOG_LINKS = false;
}

const OPTIONAL_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL'];

/** Validates the environment; throws one error naming every bad variable. */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const known = Object.keys(new AppConfig());
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => (known.includes(key) || OPTIONAL_VARIABLES.includes(key)) && value !== ''),
  );
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const given = JSON.stringify(relevant[error.property]);
      return `  ${error.property}=${given}: ${Object.values(error.constraints ?? {}).join('; ')}`;
    });
    throw new Error(`Invalid configuration, fix these environment variables:\n${lines.join('\n')}`);
  }
  return config;
}
