import { CollabCloseCode, encodePersistenceSubscribe } from '@accord/contracts';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CollabException } from '../collab.exception';
import { parseClientFrame } from './client-frame';

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function closeCodeOf(frame: Uint8Array): number | null {
  try {
    parseClientFrame(frame);
    return null;
  } catch (error) {
    if (error instanceof CollabException) return error.closeCode;
    throw error;
  }
}

describe('parseClientFrame', () => {
  const doc = new Y.Doc();
  doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);

  it('reads the frames a stock y-websocket client sends', () => {
    const step1 = encode((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(parseClientFrame(step1)).toEqual({ type: 'syncStep1', stateVector: Y.encodeStateVector(doc) });

    const update = Y.encodeStateAsUpdate(doc);
    const step2 = encode((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep2(e, doc);
    });
    expect(parseClientFrame(step2)).toMatchObject({ type: 'syncUpdate', update });
    const incremental = encode((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
    });
    expect(parseClientFrame(incremental)).toMatchObject({ type: 'syncUpdate', update });

    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Maja' } });
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const awarenessFrame = encode((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessUpdate);
    });
    expect(parseClientFrame(awarenessFrame)).toEqual({ type: 'awareness', update: awarenessUpdate });
    awareness.destroy();

    expect(parseClientFrame(Uint8Array.from([3]))).toEqual({ type: 'queryAwareness' });
  });

  it("reads Accord's saved-confirmation subscription", () => {
    expect(parseClientFrame(encodePersistenceSubscribe(123456789))).toEqual({ type: 'persistenceSubscribe', clientId: 123456789 });
  });

  it.each([
    ['an empty frame', [], CollabCloseCode.malformedMessage],
    ['a sync message without sub-type', [0], CollabCloseCode.malformedMessage],
    ['a truncated update length', [0, 2, 0x80], CollabCloseCode.malformedMessage],
    ['a declared length past the end', [0, 2, 9, 1], CollabCloseCode.malformedMessage],
    ['an unknown sync sub-type', [0, 7, 0], CollabCloseCode.malformedMessage],
    ['a truncated state vector', [0, 0, 3, 1, 0x80, 0x80], CollabCloseCode.malformedMessage],
    ['trailing bytes', [3, 0], CollabCloseCode.malformedMessage],
    ['an unknown persistence message', [7, 5, 1], CollabCloseCode.malformedMessage],
    ['a subscription without client id', [7, 0], CollabCloseCode.malformedMessage],
    ['the auth message type, which only servers send', [2, 0], CollabCloseCode.unknownMessageType],
    ['an unknown message type', [42], CollabCloseCode.unknownMessageType],
    ['an update Yjs cannot decode', [0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0x0f], CollabCloseCode.invalidUpdate],
  ])('rejects %s', (_name, bytes, code) => {
    expect(closeCodeOf(Uint8Array.from(bytes))).toBe(code);
  });

  it('keeps close reasons within the 123 bytes a close frame allows', () => {
    const long = CollabException.malformed('x'.repeat(500));
    expect(Buffer.byteLength(long.reason)).toBeLessThanOrEqual(123);
  });
});
