import { CollabCloseCode } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { closureFor } from './collab-session';

describe('closureFor', () => {
  it('tells a person why the session ended for each final close code', () => {
    expect(closureFor(CollabCloseCode.unauthenticated)).toBe('forbidden');
    expect(closureFor(CollabCloseCode.forbidden)).toBe('forbidden');
    expect(closureFor(CollabCloseCode.documentNotFound)).toBe('not-found');
    expect(closureFor(CollabCloseCode.documentTooLarge)).toBe('too-large');
    expect(closureFor(CollabCloseCode.rateLimited)).toBe('too-fast');
    expect(closureFor(CollabCloseCode.outsidePassage)).toBe('outside-passage');
    expect(closureFor(CollabCloseCode.readOnlyViolation)).toBe('other');
  });
});
