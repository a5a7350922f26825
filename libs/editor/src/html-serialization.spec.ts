import { describe, expect, it } from 'vitest';
import { plainTextOf } from './plain-text';
import { prosemirrorJsonToHtml } from './html-serialization';
import { RECOMMENDATION_FIXTURE } from './recommendation-fixture';

describe('prosemirrorJsonToHtml', () => {
  const html = prosemirrorJsonToHtml(RECOMMENDATION_FIXTURE);

  it('renders headings, lists, marks and quotes with their HTML elements', () => {
    expect(html).toContain('<h1>Youth councils in every partner town</h1>');
    expect(html).toContain('<h2>Measures</h2>');
    expect(html).toContain('<h3>Timeline</h3>');
    expect(html).toContain('<ul><li><p>Elect a youth council</p></li>');
    expect(html).toContain('<ol><li><p>Consult schools</p></li>');
    expect(html).toContain('<strong>young residents</strong>');
    expect(html).toContain('<em>standing</em>');
    expect(html).toContain('<blockquote><p>Mladi so naša prihodnost.</p></blockquote>');
    expect(html).toContain('<code>art. 11 TEU</code>');
  });

  it('renders links with their safe rel attribute', () => {
    expect(html).toContain(
      '<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.org/toolkit">EC-NET Toolkit</a>',
    );
  });

  it('renders tables with header and body cells', () => {
    expect(html).toMatch(/<table[^>]*><colgroup>(<col[^>]*>)+<\/colgroup><tbody><tr><th colspan="1" rowspan="1"><p>Town<\/p><\/th>/);
    expect(html).toContain('<td colspan="1" rowspan="1"><p>Ptuj</p></td>');
  });

  it('marks a passage in another language with lang, and drops a tag that is not one', () => {
    const marked = prosemirrorJsonToHtml({
      type: 'doc',
      content: [
        { type: 'paragraph', attrs: { lang: 'sl' }, content: [{ type: 'text', text: 'Mladi so naša prihodnost.' }] },
        { type: 'paragraph', attrs: { lang: 'sl" onclick="x' }, content: [{ type: 'text', text: 'Not a tag' }] },
      ],
    });

    expect(marked).toBe('<p lang="sl">Mladi so naša prihodnost.</p><p>Not a tag</p>');
  });

  it('escapes markup typed as text', () => {
    const escaped = prosemirrorJsonToHtml({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '<script>alert("x")</script> & <b>' }] }],
    });

    expect(escaped).toBe('<p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;</p>');
    expect(escaped).not.toContain('<script>');
  });

  it('escapes attribute values and drops javascript: links', () => {
    const linked = prosemirrorJsonToHtml({
      type: 'doc',
      content: [{
        type: 'paragraph',
        content: [
          { type: 'text', text: 'quote', marks: [{ type: 'link', attrs: { href: 'https://example.org/?q="><script>' } }] },
          { type: 'text', text: 'evil', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
        ],
      }],
    });

    expect(linked).toContain('href="https://example.org/?q=&quot;&gt;&lt;script&gt;"');
    expect(linked).not.toContain('javascript:');
    expect(linked).not.toContain('<script>');
  });

  it('renders an empty paragraph as an empty element', () => {
    expect(prosemirrorJsonToHtml({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe('<p></p>');
  });
});

describe('plainTextOf', () => {
  it('joins blocks with blank lines and drops markup', () => {
    const text = plainTextOf(RECOMMENDATION_FIXTURE);

    expect(text.startsWith('Youth councils in every partner town\n\nTowns should give young residents a standing voice')).toBe(true);
    expect(text).toContain('Ptuj');
    expect(text).not.toContain('<');
  });
});
