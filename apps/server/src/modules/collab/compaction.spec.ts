import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { foldUpdates } from './compaction';

function typedHistory(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const fragment = doc.getXmlFragment('default');
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 1 as unknown as string);
  heading.insert(0, [new Y.XmlText('Micro-grants')]);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  fragment.insert(0, [heading, paragraph]);
  for (const character of 'Small groups of residents rarely apply.') text.insert(text.length, character);
  // Typed and deleted again: garbage that compaction should drop.
  for (let index = 0; index < 200; index++) text.insert(text.length, '!');
  text.delete(text.length - 200, 200);
  return { updates, doc };
}

describe('foldUpdates', () => {
  it('folds a state and its log into one state with the same document, and derives the TipTap JSON', () => {
    const { updates, doc } = typedHistory();
    const half = Math.floor(updates.length / 2);
    const first = foldUpdates({ state: null, updates: updates.slice(0, half) });
    const folded = foldUpdates({ state: first.state, updates: updates.slice(half) });

    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, folded.state);
    expect(reloaded.getXmlFragment('default').toString()).toBe(doc.getXmlFragment('default').toString());
    expect(folded.content).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: expect.objectContaining({ level: 1 }), content: [{ type: 'text', text: 'Micro-grants' }] },
        { type: 'paragraph', attrs: { lang: null }, content: [{ type: 'text', text: 'Small groups of residents rarely apply.' }] },
      ],
    });
  });

  it('stores less than the log it replaces', () => {
    const { updates } = typedHistory();
    const logBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
    expect(foldUpdates({ state: null, updates }).state.byteLength).toBeLessThan(logBytes / 4);
  });

  it('is idempotent: folding an update twice changes nothing', () => {
    const { updates } = typedHistory();
    const once = foldUpdates({ state: null, updates });
    const twice = foldUpdates({ state: once.state, updates });
    expect(twice.content).toEqual(once.content);
  });
});
