import { StorageState, type StorageStateValue } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import type { LoggedUpdate } from './update-log.repository';
import { type UpdateLogStore, UpdateLogWriter } from './update-log-writer';

/** An in-memory store whose availability the test switches; the database tier tests the real one. */
class SwitchableStore implements UpdateLogStore {
  readonly batches: LoggedUpdate[][] = [];
  reachable = true;
  private release: (() => void) | null = null;
  private gate: Promise<void> | null = null;

  /** Holds the next append open until `open()` is called, to let updates gather behind it. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.gate = null;
  }

  async append(_writerId: string, updates: readonly LoggedUpdate[]): Promise<void> {
    if (this.gate) await this.gate;
    if (!this.reachable) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    this.batches.push([...updates]);
  }
}

function writerWith(store: SwitchableStore, maxQueuedBytes = 1024) {
  const durable: number[] = [];
  const states: StorageStateValue[] = [];
  const writer = new UpdateLogWriter(
    store,
    { durable: (_ids, seq) => durable.push(seq), storageStateChanged: (state) => states.push(state) },
    { maxQueuedBytes, retryInitialMs: 1, retryMaxMs: 5 },
  );
  return { writer, durable, states };
}

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('UpdateLogWriter', () => {
  it('stores updates that arrive while a transaction is in flight together, in order (group commit)', async () => {
    const store = new SwitchableStore();
    const { writer, durable } = writerWith(store);
    store.hold();
    writer.enqueue('a', bytes(1));
    await new Promise((resolve) => setImmediate(resolve));
    writer.enqueue('a', bytes(2));
    writer.enqueue('b', bytes(3));
    writer.enqueue('a', bytes(4));
    // The held batch counts as pending until it is committed, with what queued behind it.
    expect([writer.pendingCount('a'), writer.pendingCount('b'), writer.pendingCount('c')]).toEqual([3, 1, 0]);
    store.open();
    expect(await writer.flush(1000)).toBe(true);
    expect(store.batches.map((batch) => batch.map((update) => update.data[0]))).toEqual([[1], [2, 3, 4]]);
    expect(durable).toEqual([1, 4]);
    expect(writer.hasPending('a')).toBe(false);
    expect(writer.pendingCount('a')).toBe(0);
    expect(writer.queuedByteCount).toBe(0);
  });

  it('holds updates through an outage, reports it, and stores them all when the database is back', async () => {
    const store = new SwitchableStore();
    const { writer, durable, states } = writerWith(store);
    store.reachable = false;
    for (let value = 1; value <= 5; value++) writer.enqueue('a', bytes(value));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(states).toEqual([StorageState.unavailable]);
    expect(writer.hasPending('a')).toBe(true);
    expect(durable).toEqual([]);
    store.reachable = true;
    expect(await writer.flush(1000)).toBe(true);
    expect(states).toEqual([StorageState.unavailable, StorageState.healthy]);
    expect(store.batches.flat().map((update) => update.data[0])).toEqual([1, 2, 3, 4, 5]);
    expect(durable).toEqual([5]);
  });

  it('says when the memory bound is reached', () => {
    const store = new SwitchableStore();
    store.hold();
    const { writer } = writerWith(store, 10);
    writer.enqueue('a', new Uint8Array(8));
    expect(writer.hasRoomFor(2)).toBe(true);
    expect(writer.hasRoomFor(3)).toBe(false);
    store.open();
  });
});
