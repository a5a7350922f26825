import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { RECOMMENDATION_FIXTURE } from './recommendation-fixture';
import {
  encodeProsemirrorJsonAsUpdate,
  prosemirrorJsonToYDoc,
  yDocToProsemirrorJson,
} from './yjs-conversion';
import { parseRecommendationJson } from './yjs-conversion';

describe('Yjs conversion', () => {
  it('round-trips headings, lists, marks, links, quotes and tables through a Y.Doc', () => {
    const doc = prosemirrorJsonToYDoc(RECOMMENDATION_FIXTURE);

    const json = yDocToProsemirrorJson(doc);

    // Compare through the schema so that default attributes filled in on either side do not matter.
    expect(json).toEqual(parseRecommendationJson(RECOMMENDATION_FIXTURE).toJSON());
    expect(json.content?.map((block) => block.type)).toEqual([
      'heading', 'paragraph', 'heading', 'bulletList', 'heading', 'orderedList', 'blockquote', 'table', 'paragraph',
    ]);
    doc.destroy();
  });

  it('keeps the language of a passage through a Y.Doc', () => {
    const doc = prosemirrorJsonToYDoc({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Summary for the town council:' }] },
        { type: 'paragraph', attrs: { lang: 'sl' }, content: [{ type: 'text', text: 'Mestna občina Ptuj naj del proračuna nameni partnerskim projektom.' }] },
      ],
    });

    expect(yDocToProsemirrorJson(doc).content?.map((block) => block.attrs?.lang ?? null)).toEqual([null, 'sl']);
    doc.destroy();
  });

  it('keeps link targets and mark combinations', () => {
    const doc = prosemirrorJsonToYDoc({
      type: 'doc',
      content: [{
        type: 'paragraph',
        content: [{
          type: 'text',
          text: 'both',
          marks: [{ type: 'bold' }, { type: 'italic' }, { type: 'link', attrs: { href: 'https://example.org/a?b=1&c=2' } }],
        }],
      }],
    });

    const text = yDocToProsemirrorJson(doc).content?.[0]?.content?.[0];

    expect(text?.marks?.map((mark) => mark.type).sort()).toEqual(['bold', 'italic', 'link']);
    expect(text?.marks?.find((mark) => mark.type === 'link')?.attrs?.href).toBe('https://example.org/a?b=1&c=2');
    doc.destroy();
  });

  it('writes into the fragment the editor binds to', () => {
    const doc = prosemirrorJsonToYDoc(RECOMMENDATION_FIXTURE);

    expect(doc.getXmlFragment(DOCUMENT_FRAGMENT).length).toBe(RECOMMENDATION_FIXTURE.content?.length);
    doc.destroy();
  });

  it('seeds an empty document through a single update', () => {
    const update = encodeProsemirrorJsonAsUpdate(RECOMMENDATION_FIXTURE);
    const doc = new Y.Doc();

    Y.applyUpdate(doc, update);

    expect(yDocToProsemirrorJson(doc)).toEqual(parseRecommendationJson(RECOMMENDATION_FIXTURE).toJSON());
    doc.destroy();
  });

  it('reads an empty document as a doc without blocks', () => {
    const doc = new Y.Doc();

    expect(yDocToProsemirrorJson(doc)).toEqual({ type: 'doc', content: [] });
    doc.destroy();
  });

  it('refuses JSON the schema does not allow', () => {
    expect(() => prosemirrorJsonToYDoc({ type: 'doc', content: [{ type: 'image', attrs: { src: 'x' } }] })).toThrow();
    expect(() => prosemirrorJsonToYDoc({ type: 'doc', content: [{ type: 'text', text: 'loose text' }] })).toThrow();
  });
});
