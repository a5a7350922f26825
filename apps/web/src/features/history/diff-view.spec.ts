import { i18nextOptions } from '@accord/i18n';
import type { JSONContent } from '@accord/editor';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiffView } from './diff-view';

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

describe('diff view', () => {
  beforeAll(async () => {
    await i18next.use(initReactI18next).init(i18nextOptions('en'));
  });

  const render = (layout: 'inline' | 'side-by-side') =>
    renderToStaticMarkup(
      createElement(DiffView, {
        source: {
          before: doc(paragraph('Towns fund councils.'), paragraph('Old closing words.')),
          after: doc(paragraph('Towns fund youth councils.')),
          authorship: { insertedBy: [[...'Towns fund youth councils.'].map(() => 'ana')] },
        },
        authors: [{ id: 'ana', displayName: 'Ana Kovač', partnerName: 'Ptuj' }],
        beforeLabel: 'Version 1',
        afterLabel: 'Current text',
        initialLayout: layout,
      }),
    );

  it('marks insertions and deletions with <ins> and <del> and a spoken marker naming the author', () => {
    const html = render('inline');
    expect(html).toMatch(/<ins [^>]*title="inserted by Ana Kovač"[^>]*><span class="visually-hidden">\[inserted by Ana Kovač: <\/span>youth <span class="visually-hidden"> end of insertion\]<\/span><\/ins>/u);
    expect(html).toMatch(/<del [^>]*><span class="visually-hidden">\[deleted: <\/span>Old closing words\./u);
    expect(html).toContain('data-testid="diff-legend-author" data-author="ana"');
    expect(html).toContain('1 word added, 3 removed');
  });

  it('lays the two texts out block against block, each side with only its own text', () => {
    const html = render('side-by-side');
    const [, , firstRow, secondRow] = html.split('class="diff-sbs__row');
    expect(firstRow).toContain('Towns fund');
    expect(secondRow).toMatch(/data-side="before"><span class="visually-hidden">Version 1: <\/span><p[^>]*>.*Old closing words/u);
    expect(secondRow).toMatch(/data-side="after"><span class="visually-hidden">Current text: <\/span><\/div>/u);
  });
});
