import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { diffStructure } from './structural-diff';
import { countWordChanges, diffSequences, rewriteBlocksTo, textClientsOf, topLevelBlocks } from './version-diff';
import { prosemirrorJsonToYDoc, yDocToProsemirrorJson } from './yjs-conversion';
import type { JSONContent } from '@tiptap/core';

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

/** Types `text` at `offset` of the first top-level block's text, as a client with its own id would. */
function typeInto(target: Y.Doc, clientId: number, blockIndex: number, offset: number, text: string): void {
  const client = new Y.Doc();
  client.clientID = clientId;
  Y.applyUpdate(client, Y.encodeStateAsUpdate(target));
  const block = client.getXmlFragment(DOCUMENT_FRAGMENT).get(blockIndex) as Y.XmlElement;
  (block.get(0) as Y.XmlText).insert(offset, text);
  Y.applyUpdate(target, Y.encodeStateAsUpdate(client, Y.encodeStateVector(target)));
  client.destroy();
}

describe('sequence diff', () => {
  it('finds the shortest script and reproduces both sequences', () => {
    const before = 'the quick brown fox jumps'.split(' ');
    const after = 'the slow brown fox walks away'.split(' ');
    const runs = diffSequences(before, after, (word) => word);
    expect(runs.filter((run) => run.kind !== 'insert').flatMap((run) => run.items)).toEqual(before);
    expect(runs.filter((run) => run.kind !== 'delete').flatMap((run) => run.items)).toEqual(after);
    expect(runs.filter((run) => run.kind === 'equal').flatMap((run) => run.items)).toEqual(['the', 'brown', 'fox']);
  });
});

describe('word counts', () => {
  it('counts words added and removed, not white space', () => {
    expect(countWordChanges('Towns should fund youth councils now', 'Towns  should fund local youth councils every year')).toEqual({ added: 3, removed: 1 });
    expect(countWordChanges('', 'Three new words')).toEqual({ added: 3, removed: 0 });
    expect(countWordChanges('same text', 'same text')).toEqual({ added: 0, removed: 0 });
  });
});

describe('authorship of inserted text', () => {
  it('attributes inserted words to the Yjs clients that typed them', () => {
    const base = prosemirrorJsonToYDoc(doc(paragraph('Towns should fund councils.')));
    const before = yDocToProsemirrorJson(base);
    typeInto(base, 111, 0, 'Towns should fund '.length, 'youth ');
    typeInto(base, 222, 0, 'Towns'.length, ' and regions');
    const after = yDocToProsemirrorJson(base);
    const insertedBy = topLevelBlocks(base).map((block) => textClientsOf(block).map(String));
    const [change] = diffStructure(before, after, { insertedBy }).blocks;
    const inserted = change.children.filter((run) => run.node === 'text' && run.change === 'insert');
    expect(inserted.map((run) => [run.node === 'text' ? run.text.trim() : '', run.node === 'text' ? run.authors : []])).toEqual([
      ['and regions', ['222']],
      ['youth', ['111']],
    ]);
    base.destroy();
  });
});

describe('restoring blocks', () => {
  it('keeps the blocks both texts share as the same Yjs items and makes the live text equal the version', () => {
    const live = prosemirrorJsonToYDoc(doc(paragraph('Kept one'), paragraph('Changed later'), paragraph('Kept two')));
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    const keptBefore = live.getXmlFragment(DOCUMENT_FRAGMENT).get(0);
    const changedDoc = new Y.Doc();
    Y.applyUpdate(changedDoc, Y.encodeStateAsUpdate(live));
    const fragment = changedDoc.getXmlFragment(DOCUMENT_FRAGMENT);
    ((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Much ');
    fragment.insert(3, [new Y.XmlElement('paragraph')]);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(changedDoc, Y.encodeStateVector(live)));

    const result = live.transact(() => rewriteBlocksTo(live, version));

    expect(yDocToProsemirrorJson(live)).toEqual(yDocToProsemirrorJson(version));
    expect(result).toEqual({ deleted: 2, inserted: 1 });
    expect(live.getXmlFragment(DOCUMENT_FRAGMENT).get(0)).toBe(keptBefore);
    for (const d of [live, version, changedDoc]) d.destroy();
  });
});
