import type { PresenceUser } from '@accord/contracts';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CollabException } from './collab.exception';
import { MAX_PRESENCE_STATE_BYTES, MAX_PRESENCE_STATES_PER_CONNECTION, PresenceGate, type PresenceHolder, type PresenceRefusals } from './presence-gate';

function update(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

const member = (name: string): PresenceUser => ({ name, color: '#175cd3', memberId: `id-${name}`, partner: 'Municipality of Ptuj' });
const holder = (id: number, name: string): PresenceHolder => ({ id, awarenessClientIds: new Set(), presence: member(name) });
const noRefusals = (): PresenceRefusals => ({ foreign: 0, overCap: 0, oversized: 0 });

describe('PresenceGate', () => {
  // A fresh document's presence for each test, as a server-side LiveDocument holds it.
  let doc: Y.Doc;
  let awareness: awarenessProtocol.Awareness;
  beforeEach(() => {
    doc = new Y.Doc();
    awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
  });
  afterEach(() => {
    awareness.destroy();
    doc.destroy();
  });

  /** Runs an update through the gate and applies what is left, as LiveDocument does. */
  const admit = (gate: PresenceGate, from: PresenceHolder, entries: { clientId: number; clock: number; state: unknown }[], refusals = noRefusals()) => {
    const stamped = gate.admit(from, update(entries), refusals);
    if (stamped) awarenessProtocol.applyAwarenessUpdate(awareness, stamped, 'test');
    return stamped;
  };

  it('stamps the member over whatever user the client sends, and keeps the rest of the state', () => {
    const gate = new PresenceGate(awareness);
    const maja = holder(1, 'Maja Kranjc');
    admit(gate, maja, [{ clientId: 10, clock: 1, state: { user: { name: 'Admin', color: '#fff' }, cursor: { anchor: 3 } } }]);
    expect(awareness.getStates().get(10)).toEqual({ user: member('Maja Kranjc'), cursor: { anchor: 3 } });
  });

  it("leaves out another connection's clientIDs, removals included, and says so", () => {
    const gate = new PresenceGate(awareness);
    const [maja, pieter] = [holder(1, 'Maja Kranjc'), holder(2, 'Pieter Claes')];
    admit(gate, maja, [{ clientId: 10, clock: 1, state: { cursor: null } }]);
    const refusals = noRefusals();
    expect(admit(gate, pieter, [{ clientId: 10, clock: 5, state: { cursor: 'forged' } }, { clientId: 10, clock: 6, state: null }], refusals)).toBeNull();
    expect(refusals.foreign).toBe(2);
    expect(awareness.getStates().get(10)).toEqual({ user: member('Maja Kranjc'), cursor: null });
  });

  it('caps the clientIDs of one connection and the size of one state', () => {
    const gate = new PresenceGate(awareness);
    const flooder = holder(3, 'Pieter Claes');
    const refusals = noRefusals();
    const entries = Array.from({ length: 50 }, (_, index) => ({ clientId: 100 + index, clock: 1, state: {} }));
    entries.push({ clientId: 100, clock: 2, state: { padding: 'x'.repeat(MAX_PRESENCE_STATE_BYTES) } });
    admit(gate, flooder, entries, refusals);
    expect([...awareness.getStates().keys()].sort()).toEqual([100, 101, 102, 103]);
    expect(flooder.awarenessClientIds.size).toBe(MAX_PRESENCE_STATES_PER_CONNECTION);
    expect(refusals).toEqual({ foreign: 0, overCap: 46, oversized: 1 });
  });

  it('lets nobody claim a departed clientID with a clock the document has seen, and frees it on release', () => {
    const gate = new PresenceGate(awareness);
    const [maja, pieter] = [holder(1, 'Maja Kranjc'), holder(2, 'Pieter Claes')];
    admit(gate, maja, [{ clientId: 10, clock: 4, state: {} }]);
    expect(gate.release(maja)).toEqual([10]);
    awarenessProtocol.removeAwarenessStates(awareness, [10], 'leave');
    // A late echo of the departed state, and a removal of it: nothing to apply.
    expect(admit(gate, pieter, [{ clientId: 10, clock: 4, state: {} }, { clientId: 10, clock: 9, state: null }])).toBeNull();
    expect(pieter.awarenessClientIds.size).toBe(0);
    // The same browser coming back with a newer clock takes its clientID again.
    admit(gate, maja, [{ clientId: 10, clock: 6, state: {} }]);
    expect(awareness.getStates().get(10)).toEqual({ user: member('Maja Kranjc') });
  });

  it('refuses an update that is no awareness update with a malformed-message close', () => {
    const gate = new PresenceGate(awareness);
    expect(() => gate.admit(holder(1, 'Maja Kranjc'), Uint8Array.from([1, 7, 1, 3, 0x7b, 0x7b, 0x7b]), noRefusals())).toThrow(CollabException);
    expect(() => gate.admit(holder(1, 'Maja Kranjc'), Uint8Array.from([5, 1]), noRefusals())).toThrow(CollabException);
  });
});
