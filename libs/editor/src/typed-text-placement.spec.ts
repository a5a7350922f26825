import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { accordSchema } from './accord-extensions';
import { writeTypedTextAtCaret } from './typed-text-placement';
import { prosemirrorJsonToYDoc } from './yjs-conversion';

const TEXT = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'youth councils before' }] }] };

/** Types `text` with the caret at `at` (a position in the paragraph's text), as the amendment editor writes it. */
function typeInto(text: string, at: number, { atCaret = true } = {}): { steered: boolean; after: string; typedAt: number[] } {
  const doc = prosemirrorJsonToYDoc(TEXT);
  const clock = Y.getState(doc.store, doc.clientID);
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const { doc: before, meta } = initProseMirrorDoc(fragment, accordSchema);
  const state = EditorState.create({ schema: accordSchema, doc: before });
  const next = state.apply(state.tr.setSelection(TextSelection.create(before, 1 + at)).insertText(text));
  let steered = false;
  doc.transact(() => {
    steered = atCaret && writeTypedTextAtCaret(fragment, before, next.doc, next.selection.head);
    updateYFragment(doc, fragment, next.doc, meta as never);
  });
  const paragraph = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return { steered, after: paragraph.toString(), typedAt: newCharacters(paragraph, clock) };
}

/** Where in the text the characters written after `clock` are (which of two equal spaces is the new one). */
function newCharacters(text: Y.XmlText, clock: number): number[] {
  const indices: number[] = [];
  let index = 0;
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    for (let offset = 0; offset < item.length; offset++, index++) if (item.id.clock + offset >= clock) indices.push(index);
  }
  return indices;
}

describe('typed text is written to Yjs where the caret put it', () => {
  it('writes a space typed before a space at the caret, not after that space', () => {
    const typed = typeInto(' ', 'youth councils'.length);
    expect(typed.steered).toBe(true);
    expect(typed.after).toBe('youth councils  before');
    expect(typed.typedAt).toEqual(['youth councils'.length]);
    // y-tiptap alone makes the new space the second of the two.
    expect(typeInto(' ', 'youth councils'.length, { atCaret: false }).typedAt).toEqual(['youth councils '.length]);
  });

  it('leaves typing that the shortest diff already places right to y-tiptap', () => {
    const typed = typeInto('X', 'youth'.length);
    expect(typed.steered).toBe(false);
    expect(typed.after).toBe('youthX councils before');
    expect(typed.typedAt).toEqual(['youth'.length]);
  });
});
