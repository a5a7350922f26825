import { describe, expect, it } from 'vitest';
import { type DocumentMessage, decodeDocumentMessage, decodeInstanceStatus, decodeJsonMessage, DocumentMessageKind, encodeDocumentMessage, encodeInstanceStatus, encodeJsonMessage } from './cluster-messages';

const SENDER = '2f1c9a4e-0d7b-4c55-9a9e-6f3b1e0c7d21';

describe('cluster messages', () => {
  it('reads back every kind of document message as written', () => {
    const messages: DocumentMessage[] = [
      { kind: DocumentMessageKind.update, sender: SENDER, unstored: { writerId: 'w', seq: 42, update: new Uint8Array([1, 2, 3]) } },
      { kind: DocumentMessageKind.presence, sender: SENDER, presence: new Uint8Array([9]) },
      { kind: DocumentMessageKind.catchUpRequest, sender: SENDER, requestId: 7, stateVector: new Uint8Array([0]) },
      {
        kind: DocumentMessageKind.catchUpAnswer,
        sender: SENDER,
        to: 'other',
        requestId: 7,
        difference: new Uint8Array([0, 0]),
        presence: new Uint8Array([0]),
        unstored: [{ writerId: 'w', seq: 1, update: new Uint8Array([5]) }],
      },
    ];
    for (const message of messages) expect(decodeDocumentMessage(encodeDocumentMessage(message))).toEqual(message);
  });

  it('drops what it cannot read instead of throwing', () => {
    expect(decodeDocumentMessage(new Uint8Array([]))).toBeNull();
    expect(decodeDocumentMessage(new Uint8Array([99, 0]))).toBeNull();
    expect(decodeDocumentMessage(encodeDocumentMessage({ kind: DocumentMessageKind.update, sender: SENDER, unstored: { writerId: 'w', seq: 1, update: new Uint8Array(10) } }).subarray(0, 20))).toBeNull();
    expect(decodeInstanceStatus(new Uint8Array([200]))).toBeNull();
    expect(decodeJsonMessage(Buffer.from('no newline'))).toBeNull();
    expect(decodeJsonMessage(Buffer.from('sender\n{not json'))).toBeNull();
  });

  it('carries an instance status and a JSON body with its sender', () => {
    expect(decodeInstanceStatus(encodeInstanceStatus({ writerId: 'w', storedThrough: 123456, leaving: true }))).toEqual({ writerId: 'w', storedThrough: 123456, leaving: true });
    expect(decodeJsonMessage(encodeJsonMessage(SENDER, { memberId: 'm', networkId: 'n' }))).toEqual({ sender: SENDER, body: { memberId: 'm', networkId: 'n' } });
  });
});
