import { plainCommentBody, type DocumentEvent } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { InProcessDocumentEventBus } from './document-event-bus';

const event = (id: string): DocumentEvent => ({
  kind: 'comment-thread',
  action: 'thread.created',
  actorMemberId: 'm',
  thread: {
    id,
    recommendationId: 'doc-a',
    anchor: { start: '', end: '', quotedText: 'q', stateVector: '', textVersion: 0 },
    status: 'open',
    createdBy: { memberId: 'm', displayName: 'M', partner: null },
    createdAt: new Date(0).toISOString(),
    resolvedAt: null,
    resolvedByName: null,
    comments: [{ id: 'c', threadId: id, author: { memberId: 'm', displayName: 'M', partner: null }, body: plainCommentBody('x'), stance: null, createdAt: '', editedAt: null, deletedAt: null, hidden: null, reactions: [], stateVector: null, textVersion: 0 }],
    stances: [],
  },
});

describe('InProcessDocumentEventBus', () => {
  it('delivers a document’s events to its subscribers only, until they unsubscribe', () => {
    const bus = new InProcessDocumentEventBus();
    const seenA: string[] = [];
    const seenB: string[] = [];
    const stopA = bus.subscribe('doc-a', (received) => seenA.push(received.kind === 'comment-thread' ? received.thread.id : ''));
    bus.subscribe('doc-b', (received) => seenB.push(received.kind === 'comment-thread' ? received.thread.id : ''));
    bus.publish('doc-a', event('t1'));
    stopA();
    stopA();
    bus.publish('doc-a', event('t2'));
    expect(seenA).toEqual(['t1']);
    expect(seenB).toEqual([]);
    expect(bus.subscribedDocuments).toBe(1);
  });

  it('keeps delivering to the others when one subscriber throws', () => {
    const bus = new InProcessDocumentEventBus();
    const seen: string[] = [];
    bus.subscribe('doc-a', () => {
      throw new Error('broken socket');
    });
    bus.subscribe('doc-a', (received) => seen.push(received.kind === 'comment-thread' ? received.thread.id : ''));
    expect(() => bus.publish('doc-a', event('t1'))).not.toThrow();
    expect(seen).toEqual(['t1']);
  });
});
