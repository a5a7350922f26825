import type { JSONContent } from '@tiptap/core';

/** A recommendation using every construct of the schema, for the conversion specs. */
export const RECOMMENDATION_FIXTURE: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Youth councils in every partner town' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Towns should give ' },
        { type: 'text', marks: [{ type: 'bold' }], text: 'young residents' },
        { type: 'text', text: ' a ' },
        { type: 'text', marks: [{ type: 'italic' }], text: 'standing' },
        { type: 'text', text: ' voice, as the ' },
        {
          type: 'text',
          marks: [{ type: 'link', attrs: { href: 'https://example.org/toolkit', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } }],
          text: 'EC-NET Toolkit',
        },
        { type: 'text', text: ' describes.' },
      ],
    },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Measures' }] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Elect a youth council' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Give it a budget line' }] }] },
      ],
    },
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Timeline' }] },
    {
      type: 'orderedList',
      attrs: { start: 1, type: null },
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Consult schools' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hold the first election' }] }] },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Mladi so naša prihodnost.' }] }] },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            { type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Town' }] }] },
            { type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Council since' }] }] },
          ],
        },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ptuj' }] }] },
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: '2019' }] }] },
          ],
        },
      ],
    },
    { type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'code' }], text: 'art. 11 TEU' }] },
  ],
};
