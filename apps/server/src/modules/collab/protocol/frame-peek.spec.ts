import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { peekSyncUpdate } from './frame-peek';

function syncFrame(syncType: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('peekSyncUpdate', () => {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, 'hello');
  const insertion = Y.encodeStateAsUpdate(doc);
  const before = Y.encodeStateVector(doc);
  text.delete(0, 2);
  const deletion = Y.encodeStateAsUpdate(doc, before);

  it('finds the update of a sync step 2 and of a sync update, and whether it can grow the document', () => {
    expect(peekSyncUpdate(syncFrame(1, insertion))).toEqual({ update: insertion, mayGrow: true });
    expect(peekSyncUpdate(syncFrame(2, insertion))).toEqual({ update: insertion, mayGrow: true });
    expect(peekSyncUpdate(syncFrame(2, deletion))).toEqual({ update: deletion, mayGrow: false });
    expect(peekSyncUpdate(syncFrame(1, Uint8Array.from([0, 0])))).toEqual({ update: Uint8Array.from([0, 0]), mayGrow: false });
  });

  it('leaves every other frame, and malformed ones, to the parser', () => {
    expect(peekSyncUpdate(syncFrame(0, Y.encodeStateVector(doc)))).toBeNull();
    expect(peekSyncUpdate(Uint8Array.from([1, 1, 0]))).toBeNull();
    expect(peekSyncUpdate(Uint8Array.from([3]))).toBeNull();
    expect(peekSyncUpdate(Uint8Array.from([0, 2, 50, 1]))).toBeNull();
    expect(peekSyncUpdate(new Uint8Array(0))).toBeNull();
  });
});
