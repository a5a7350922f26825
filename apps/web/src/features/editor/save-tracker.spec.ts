import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, PersistenceMessage, StorageState } from '@accord/contracts';
import { SaveTracker, type SaveState } from './save-tracker';

function setUp() {
  const doc = new Y.Doc();
  const sent: Uint8Array[] = [];
  const tracker = new SaveTracker(doc, (message) => sent.push(message));
  // State transitions only: listeners also hear clock changes that leave the state as it was.
  const states: SaveState[] = [];
  let previous = tracker.snapshot.state;
  tracker.onChange((snapshot) => {
    if (snapshot.state !== previous) states.push(snapshot.state);
    previous = snapshot.state;
  });
  const type = (text: string): void => doc.getText('t').insert(0, text);
  return { doc, sent, tracker, states, type };
}

function readSubscribe(message: Uint8Array): number {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MessageType.persistence);
  expect(decoding.readVarUint(decoder)).toBe(PersistenceMessage.subscribe);
  return decoding.readVarUint(decoder);
}

describe('SaveTracker', () => {
  it('reports a document without local edits as saved, even before connecting', () => {
    const { tracker } = setUp();

    expect(tracker.snapshot.state).toBe('saved');
  });

  it('subscribes with the document client ID each time the connection syncs', () => {
    const { doc, sent, tracker } = setUp();

    tracker.connectionSynced();
    tracker.connectionLost();
    tracker.connectionSynced();

    expect(sent.map(readSubscribe)).toEqual([doc.clientID, doc.clientID]);
  });

  it('is saving while local edits are ahead of the confirmation, and saved once confirmed', () => {
    const { tracker, type } = setUp();
    tracker.connectionSynced();

    type('Youth councils');
    expect(tracker.snapshot.state).toBe('saving');
    expect(tracker.snapshot.localClock).toBe(14);

    tracker.receive({ kind: 'saved', clock: 10 });
    expect(tracker.snapshot.state).toBe('saving');

    tracker.receive({ kind: 'saved', clock: 14 });
    expect(tracker.snapshot.state).toBe('saved');
  });

  it('ignores edits by other people: only this client ID counts', () => {
    const { doc, tracker } = setUp();
    tracker.connectionSynced();
    const other = new Y.Doc();
    other.getText('t').insert(0, 'remote text');

    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));

    expect(tracker.snapshot.state).toBe('saved');
    other.destroy();
  });

  it('never moves the confirmation backwards', () => {
    const { tracker, type } = setUp();
    tracker.connectionSynced();
    type('abc');

    tracker.receive({ kind: 'saved', clock: 3 });
    tracker.receive({ kind: 'saved', clock: 1 });

    expect(tracker.snapshot.state).toBe('saved');
  });

  it('says offline while disconnected with unsaved edits, and saving again after reconnecting', () => {
    const { tracker, type, states } = setUp();
    tracker.connectionSynced();
    tracker.connectionLost();

    type('typed offline');
    expect(tracker.snapshot.state).toBe('offline');

    tracker.connectionSynced();
    expect(tracker.snapshot.state).toBe('saving');
    tracker.receive({ kind: 'saved', clock: 13 });
    expect(states).toEqual(['offline', 'saving', 'saved']);
  });

  it('stays saved when the connection drops with nothing pending', () => {
    const { tracker, type } = setUp();
    tracker.connectionSynced();
    type('x');
    tracker.receive({ kind: 'saved', clock: 1 });

    tracker.connectionLost();

    expect(tracker.snapshot.state).toBe('saved');
  });

  it('says not saved while server storage is unavailable, then recovers', () => {
    const { tracker, type } = setUp();
    tracker.connectionSynced();
    tracker.receive({ kind: 'storage', state: StorageState.unavailable });

    type('kept in memory');
    expect(tracker.snapshot.state).toBe('unsaved');

    tracker.receive({ kind: 'storage', state: StorageState.healthy });
    expect(tracker.snapshot.state).toBe('saving');
    tracker.receive({ kind: 'saved', clock: 14 });
    expect(tracker.snapshot.state).toBe('saved');
  });

  it('prefers offline over storage trouble once the socket is gone', () => {
    const { tracker, type } = setUp();
    tracker.connectionSynced();
    tracker.receive({ kind: 'storage', state: StorageState.unavailable });
    type('abc');

    tracker.connectionLost();

    expect(tracker.snapshot.state).toBe('offline');
  });

  it('stops listening to the document when destroyed', () => {
    const { tracker, type, states } = setUp();
    tracker.connectionSynced();
    tracker.destroy();

    type('after destroy');

    expect(states).toEqual([]);
    expect(tracker.snapshot.state).toBe('saved');
  });
});
