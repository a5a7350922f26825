import { checkCommentBody } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { commentBodyOfComposer } from './composer-body';

const MEMBER = '0b6f4a52-2b8e-4f55-9d1c-3f1d9c1f2a10';

describe('commentBodyOfComposer', () => {
  it('keeps bold, italic, links, mentions and line breaks, without TipTap’s extra attributes, as the server accepts them', () => {
    const body = commentBodyOfComposer({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'See ', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'the report', marks: [{ type: 'italic' }, { type: 'link', attrs: { href: 'https://example.org/r', target: '_blank', rel: 'noopener', class: null } }] },
            { type: 'hardBreak' },
            { type: 'mention', attrs: { memberId: MEMBER, label: 'Ana Novak' } },
            { type: 'text', text: ' please check' },
          ],
        },
      ],
    });
    expect(body).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'See ', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'the report', marks: [{ type: 'italic' }, { type: 'link', attrs: { href: 'https://example.org/r' } }] },
            { type: 'hardBreak' },
            { type: 'mention', attrs: { memberId: MEMBER, label: 'Ana Novak' } },
            { type: 'text', text: ' please check' },
          ],
        },
      ],
    });
    expect(checkCommentBody(body)).toMatchObject({ ok: true, mentionedMemberIds: [MEMBER] });
  });

  it('drops empty paragraphs at both ends and a link the server would refuse, keeping its text', () => {
    const body = commentBodyOfComposer({
      type: 'doc',
      content: [
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'two' }] },
        { type: 'paragraph', content: [{ type: 'hardBreak' }] },
      ],
    });
    expect(body).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'click' }] }, { type: 'paragraph' }, { type: 'paragraph', content: [{ type: 'text', text: 'two' }] }],
    });
  });

  it('is null when nothing but white space was written', () => {
    expect(commentBodyOfComposer({ type: 'doc', content: [{ type: 'paragraph' }] })).toBeNull();
    expect(commentBodyOfComposer({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '   ' }, { type: 'hardBreak' }] }] })).toBeNull();
  });
});
