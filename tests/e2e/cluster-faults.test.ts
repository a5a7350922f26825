import type { RecommendationSummary } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, signInAs, sql } from '../fixtures/accounts';
import { FAST_CLUSTER_ENV, REDIS_URL, RoamingClient, startCluster, storedText, uniqueKeyPrefix } from '../fixtures/cluster';
import { eventually, StockClient } from '../fixtures/collab-client';
import type { ServerProcess } from '../fixtures/server-process';
import { TcpProxy } from '../fixtures/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface Health {
  status: string;
  info?: Record<string, { status: string }>;
  details?: Record<string, { status: string }>;
}

const health = async (instance: ServerProcess): Promise<{ code: number; body: Health }> => {
  const response = await fetch(`${instance.httpUrl}/health`);
  return { code: response.status, body: (await response.json()) as Health };
};

const redisStatus = async (instance: ServerProcess): Promise<string | undefined> => (await health(instance)).body.details?.redis?.status;

/** How many rows of the update log hold `marker`: each line is stored exactly once. */
async function rowsHolding(databaseUrl: string, documentId: string, marker: string): Promise<number> {
  const [row] = await sql<{ count: string }>(databaseUrl, `SELECT count(*) FROM document_update WHERE document_id = $1 AND position($2::bytea IN data) > 0`, [documentId, Buffer.from(marker)]);
  return Number(row.count);
}

describe('several instances when things fail', () => {
  let database: TestDatabase;
  let redisProxy: TcpProxy;
  let instances: ServerProcess[];
  let coordinator: MemberSession;
  let documents: RecommendationSummary[];
  const cleanup: Array<{ destroy(): void }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const redis = new URL(REDIS_URL);
    redisProxy = await TcpProxy.start({ host: redis.hostname, port: Number(redis.port || 6379) });
    instances = await startCluster(database.url, 3, { REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, REDIS_KEY_PREFIX: uniqueKeyPrefix(), ...FAST_CLUSTER_ENV, COMPACT_AFTER_UPDATES: '100000' });
    coordinator = await signInAs(instances[0].httpUrl, 'coordinator');
    documents = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
    await eventually(async () => (await Promise.all(instances.map(redisStatus))).every((status) => status === 'up'), 'every instance is linked');
  });

  afterAll(async () => {
    for (const client of cleanup) client.destroy();
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await redisProxy?.cut();
    await database?.drop();
  });

  it('keeps serving and saving on each instance while Redis is unreachable for 10 s, then converges', async () => {
    const document = documents[0];
    const [first, second] = await Promise.all(
      [instances[0], instances[1]].map(async (instance) => {
        const client = new RoamingClient(instance.wsUrl, document.id, () => coordinator.collabToken(), await coordinator.collabToken());
        cleanup.push(client);
        await client.synced();
        return client;
      }),
    );
    first.appendParagraph('Before the outage');
    await second.waitFor(() => second.text().includes('Before the outage'));

    const cutAt = Date.now();
    await redisProxy.cut();
    await eventually(async () => (await redisStatus(instances[0])) === 'degraded' && (await redisStatus(instances[1])) === 'degraded', '/health reports the degraded link');
    const during = await health(instances[0]);
    // Still in service: the load balancer keeps it, it serves its clients and stores their edits.
    expect(during.code).toBe(200);
    expect(during.body.status).toBe('degraded');

    const lines = ['Typed on the first during the outage', 'Typed on the second during the outage'];
    first.appendParagraph(lines[0]);
    second.appendParagraph(lines[1]);
    await Promise.all([first, second].map((client) => client.waitFor(() => client.allSaved)));
    // Each instance stored its own client's line while they could not hear each other.
    expect(first.text()).not.toContain(lines[1]);
    expect(second.text()).not.toContain(lines[0]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - cutAt))));

    await redisProxy.restore();
    await eventually(async () => (await Promise.all(instances.map(redisStatus))).every((status) => status === 'up'), 'every instance is linked again', 20_000);
    await Promise.all([first, second].map((client) => client.waitFor(() => lines.every((line) => client.text().includes(line)))));
    expect(first.text()).toBe(second.text());
    const stored = await storedText(database.url, document.id);
    for (const line of ['Before the outage', ...lines]) {
      expect(stored).toContain(line);
      expect(await rowsHolding(database.url, document.id, line)).toBe(1);
    }
    expect((await health(instances[0])).body.status).toBe('ok');
  });

  it('loses nothing confirmed when an instance is killed mid-typing; its client goes on on another', async () => {
    const document = documents[1];
    const [survivor, victim] = [instances[0], instances[2]];
    const typist = new RoamingClient(victim.wsUrl, document.id, () => coordinator.collabToken(), await coordinator.collabToken());
    const watcher = new StockClient(survivor.wsUrl, document.id, { token: await coordinator.collabToken() });
    cleanup.push(typist, watcher);
    await Promise.all([typist.synced(), watcher.synced()]);

    // Type a line per event-loop turn until some are confirmed, then kill the typist's instance at once.
    const typed: Array<{ line: string; clock: number }> = [];
    for (let index = 0; ; index++) {
      const line = `Killed-instance line ${index}.`;
      typist.appendParagraph(line);
      typed.push({ line, clock: typist.localClock });
      await new Promise((resolve) => setImmediate(resolve));
      if (typist.savedClock > 0 && index >= 40) break;
    }
    const confirmedClock = typist.savedClock;
    await victim.kill();
    const confirmed = typed.filter(({ clock }) => clock <= confirmedClock).map(({ line }) => line);
    expect(confirmed.length).toBeGreaterThan(0);
    // Confirmed means stored: it is in PostgreSQL the moment the instance is gone.
    const storedAtKill = await storedText(database.url, document.id);
    for (const line of confirmed) expect(storedAtKill).toContain(line);

    // What the survivors received from the dead instance but it never stored is stored by them.
    await eventually(async () => {
      const stored = await storedText(database.url, document.id);
      return watcher.text().split('\n').every((line) => stored.includes(line));
    }, 'the survivors store what the killed instance left unstored', 20_000);

    // The typist reconnects through the balancer to another instance and everything ends up saved.
    await typist.moveTo(survivor.wsUrl);
    await typist.waitFor(() => typist.allSaved);
    const stored = await storedText(database.url, document.id);
    for (const { line } of typed) expect(stored).toContain(line);
    // Confirmed lines had reached the survivors before the kill: stored once. A line the killed
    // instance stored but never passed on may be stored again from its client (Yjs applies it once).
    for (const line of confirmed) expect(await rowsHolding(database.url, document.id, line)).toBe(1);
  });
});
