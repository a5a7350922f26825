import { describe, expect, it } from 'vitest';
import { MAX_INPUT_DEPTH, StorableInputPipe } from './storable-input.pipe';
import { ValidationFailedException } from './validation-failed.exception';

const pipe = new StorableInputPipe();
const body = { type: 'body' as const };

function problemOf(value: unknown, metadata: Parameters<StorableInputPipe['transform']>[1] = body) {
  try {
    pipe.transform(value, metadata);
    return null;
  } catch (error) {
    if (!(error instanceof ValidationFailedException)) throw error;
    return error.problems[0];
  }
}

describe('StorableInputPipe', () => {
  it('passes ordinary input through unchanged, emoji and all', () => {
    const value = { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ja 👍 — ok' }] }] } };
    expect(pipe.transform(value, body)).toBe(value);
  });

  it('names the field that holds a NUL character or half of a surrogate pair', () => {
    expect(problemOf({ anchor: { quotedText: 'a\u0000b' } })).toMatchObject({ field: 'anchor.quotedText', key: 'server.validation.unstorableText' });
    expect(problemOf({ reason: 'cut \ud83d' })).toMatchObject({ field: 'reason', key: 'server.validation.unstorableText' });
    expect(problemOf({ reason: '\ude00 tail' })).toMatchObject({ key: 'server.validation.unstorableText' });
    expect(problemOf({ ['bad\u0000key']: 1 })).toMatchObject({ key: 'server.validation.unstorableText' });
    expect(problemOf('\u0000', { type: 'param', data: 'emoji' })).toMatchObject({ field: 'emoji' });
  });

  it('refuses nesting past the limit without overflowing its own stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(problemOf({ body: deep })).toMatchObject({ key: 'server.validation.tooDeep', params: { levels: MAX_INPUT_DEPTH } });
    let allowed: unknown = 'leaf';
    for (let level = 0; level < MAX_INPUT_DEPTH - 1; level += 1) allowed = { next: allowed };
    expect(problemOf(allowed)).toBeNull();
  });

  it('leaves custom parameters (the signed-in member) alone', () => {
    expect(problemOf({ name: '\u0000' }, { type: 'custom' })).toBeNull();
  });
});
