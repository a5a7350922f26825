import { describe, expect, it } from 'vitest';
import { prosemirrorJsonToMarkdown } from './markdown-serialization';
import { withPublicLinksOnly } from './public-content';
import { RECOMMENDATION_FIXTURE } from './recommendation-fixture';

describe('markdown serialization', () => {
  it('writes headings, lists, quotes, tables and marks', () => {
    const markdown = prosemirrorJsonToMarkdown(RECOMMENDATION_FIXTURE);
    expect(markdown).toContain('# Youth councils in every partner town\n');
    expect(markdown).toContain('## Measures');
    expect(markdown).toContain('### Timeline');
    expect(markdown).toContain('- Elect a youth council\n- Give it a budget line');
    expect(markdown).toContain('1. Consult schools\n2. Hold the first election');
    expect(markdown).toContain('> Mladi so naša prihodnost\\.');
    expect(markdown).toContain('| Town | Council since |\n| --- | --- |\n| Ptuj | 2019 |');
    expect(markdown).toContain('**young residents**');
    expect(markdown).toContain('[EC\\-NET Toolkit](<https://example.org/toolkit>)');
    expect(markdown).toContain('`art. 11 TEU`');
  });

  it('escapes markup in text and drops links that are not http(s) or mailto', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '# not a heading <script>alert(1)</script> [x](javascript:alert(1))' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'mail', marks: [{ type: 'link', attrs: { href: 'mailto:office@example.org' } }] }] },
      ],
    };
    const markdown = prosemirrorJsonToMarkdown(doc);
    expect(markdown).not.toMatch(/^#/m);
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('](javascript:');
    expect(markdown).toContain('\nclick\n');
    expect(markdown).toContain('[mail](<mailto:office@example.org>)');
  });

  it('keeps only http(s) and mailto links for publishing', () => {
    const link = (href: string) => ({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] });
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: ['https://a.example', 'http://b.example', 'mailto:c@example.org', 'javascript:alert(1)', 'JAVASCRIPT:x', 'data:text/html,x', 'java\tscript:x', 'vbscript:x', 'ftp://d.example'].map(link) }] };
    const kept = withPublicLinksOnly(doc).content![0].content!.map((text) => (text.marks ?? []).length);
    expect(kept).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});
