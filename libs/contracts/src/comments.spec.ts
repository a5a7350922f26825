import { describe, expect, it } from 'vitest';
import { checkCommentBody, commentPlainText, COMMENT_LIMITS, plainCommentBody } from './comments';

const MEMBER = '2b1c5a4e-7d7f-4c1e-9d6b-0f3e8a1b2c3d';
const paragraph = (...content: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content }] });

describe('checkCommentBody', () => {
  it('accepts text with bold, italic, http(s) and mailto links, mentions and line breaks, and lists the mentioned members', () => {
    const body = paragraph(
      { type: 'text', text: 'See ', marks: [{ type: 'bold' }, { type: 'italic' }] },
      { type: 'text', text: 'the guide', marks: [{ type: 'link', attrs: { href: 'https://example.org/guide' } }] },
      { type: 'hardBreak' },
      { type: 'text', text: 'write', marks: [{ type: 'link', attrs: { href: 'mailto:office@example.org' } }] },
      { type: 'mention', attrs: { memberId: MEMBER.toUpperCase(), label: 'Ana Novak' } },
    );
    const checked = checkCommentBody(body);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.mentionedMemberIds).toEqual([MEMBER]);
    expect(commentPlainText(checked.body)).toBe('See the guide\nwrite@Ana Novak');
  });

  it('refuses links that could run code, unknown nodes, marks and keys, and raw HTML attributes', () => {
    const refused = [
      paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }),
      paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'data:text/html,<script>' } }] }),
      paragraph({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://example.org', onclick: 'x()' } }] }),
      paragraph({ type: 'text', text: 'x', marks: [{ type: 'code' }] }),
      paragraph({ type: 'image', attrs: { src: 'https://example.org/a.png' } }),
      paragraph({ type: 'text', text: 'x', html: '<b>x</b>' }),
      paragraph({ type: 'mention', attrs: { memberId: 'not-a-uuid', label: 'A' } }),
      { type: 'doc', content: [{ type: 'heading', content: [] }] },
      { type: 'doc', content: 'text' },
      '<p>hello</p>',
      null,
    ];
    for (const body of refused) expect(checkCommentBody(body), JSON.stringify(body)).toMatchObject({ ok: false, problem: 'shape' });
  });

  it('refuses a comment over the length limit, saying how long it is, and an empty one', () => {
    expect(checkCommentBody(plainCommentBody('x'.repeat(COMMENT_LIMITS.characters)))).toMatchObject({ ok: true });
    expect(checkCommentBody(plainCommentBody('x'.repeat(COMMENT_LIMITS.characters + 7)))).toEqual({ ok: false, problem: 'too-long', characters: COMMENT_LIMITS.characters + 7 });
    expect(checkCommentBody({ type: 'doc', content: [{ type: 'paragraph' }] })).toEqual({ ok: false, problem: 'empty' });
    expect(checkCommentBody(plainCommentBody('   '))).toEqual({ ok: false, problem: 'empty' });
  });

  it('returns the body rebuilt from what was checked, not the object as sent', () => {
    const sent = paragraph({ type: 'text', text: 'ok' });
    const checked = checkCommentBody(sent);
    expect(checked.ok && checked.body).toEqual(sent);
    expect(checked.ok && checked.body).not.toBe(sent);
  });
});
