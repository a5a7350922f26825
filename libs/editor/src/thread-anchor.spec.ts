import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createThreadAnchor, renderFragment, resolveThreadAnchor, type AnchorResolution, type ThreadAnchor } from './thread-anchor';
import { prosemirrorJsonToYDoc } from './yjs-conversion';

const PASSAGE = 'a budget line for youth councils';
const TEXT = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Youth councils' }] },
    { type: 'paragraph', content: [{ type: 'text', text: `Every partner town should give ${PASSAGE} before the next election.` }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'Councils report to the town assembly twice a year.' }] },
  ],
};

const docs: Y.Doc[] = [];
/** A client's copy of the recommendation: the first one seeds it, the others sync from it. */
function client(from?: Y.Doc): Y.Doc {
  const doc = from ? new Y.Doc() : prosemirrorJsonToYDoc(TEXT);
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  docs.push(doc);
  return doc;
}
afterEach(() => docs.splice(0).forEach((doc) => doc.destroy()));

/** Both ways, as the server's fan-out would. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const fragment = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FRAGMENT);
/** The text of the block at `index` (0: the heading). */
const textOf = (doc: Y.Doc, index: number) => (fragment(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;

/** Anchors the first occurrence of `phrase`, as the editor does from a selection. */
function anchorPhrase(doc: Y.Doc, phrase: string): ThreadAnchor {
  const rendered = renderFragment(fragment(doc));
  let from = -1;
  rendered.doc.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text?.includes(phrase)) from = pos + node.text.indexOf(phrase);
  });
  expect(from).toBeGreaterThan(0);
  return createThreadAnchor(fragment(doc), rendered, from, from + phrase.length);
}

function resolve(doc: Y.Doc, anchor: ThreadAnchor): AnchorResolution {
  return resolveThreadAnchor(fragment(doc), renderFragment(fragment(doc)), anchor);
}

function attachedText(doc: Y.Doc, anchor: ThreadAnchor): string {
  const resolution = resolve(doc, anchor);
  if (resolution.status !== 'attached') throw new Error(`expected attached, got ${resolution.status}`);
  return resolution.text;
}

describe('thread anchors (Yjs relative positions on the TipTap schema)', () => {
  it('quotes the selected passage and records the version of the text', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    expect(anchor.quotedText).toBe(PASSAGE);
    expect(Y.decodeStateVector(anchor.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(attachedText(doc, anchor)).toBe(PASSAGE);
  });

  it('follows its passage through concurrent inserts before, inside and after it', () => {
    const author = client();
    const other = client(author);
    const anchor = anchorPhrase(author, PASSAGE);
    const start = textOf(author, 1).toString().indexOf(PASSAGE);
    // Three clients' worth of concurrent edits: exactly at both boundaries and in the middle.
    textOf(other, 1).insert(start + PASSAGE.length, ' (yearly)');
    textOf(author, 1).insert(start + 'a budget line'.length, ' of its own');
    textOf(other, 1).insert(start, 'at least ');
    textOf(other, 0).insert(0, 'Draft: ');
    sync(author, other);

    expect(textOf(author, 1).toString()).toBe(textOf(other, 1).toString());
    expect(attachedText(author, anchor)).toBe('a budget line of its own for youth councils');
    expect(attachedText(other, anchor)).toBe('a budget line of its own for youth councils');
  });

  it('follows other people’s edits while the thread is open, and shrinks with a partial deletion', () => {
    const author = client();
    const other = client(author);
    const anchor = anchorPhrase(author, PASSAGE);
    const start = textOf(other, 1).toString().indexOf(PASSAGE);
    textOf(other, 1).delete(start, 'a budget line for '.length);
    textOf(other, 2).insert(0, 'Also: ');
    sync(author, other);
    expect(attachedText(author, anchor)).toBe('youth councils');
  });

  it('anchors a passage across two paragraphs', () => {
    const doc = client();
    const rendered = renderFragment(fragment(doc));
    const text = rendered.doc.textBetween(0, rendered.doc.content.size, '\n');
    expect(text).toContain('election.\nCouncils');
    let from = -1;
    let to = -1;
    rendered.doc.descendants((node, pos) => {
      if (node.isText && node.text?.includes('the next election')) from = pos + node.text.indexOf('the next election');
      if (node.isText && node.text?.startsWith('Councils report')) to = pos + 'Councils report'.length;
    });
    const anchor = createThreadAnchor(fragment(doc), rendered, from, to);
    expect(anchor.quotedText).toBe('the next election.\nCouncils report');
    textOf(doc, 2).insert(0, 'New: ');
    expect(attachedText(doc, anchor)).toBe('the next election.\nNew: Councils report');
  });

  it('survives a server restart: the anchor resolves the same on a document reloaded from its encoded state', () => {
    const before = client();
    const anchor = anchorPhrase(before, PASSAGE);
    textOf(before, 1).insert(0, 'Today, ');
    const stored = Y.encodeStateAsUpdate(before);
    const reloaded = new Y.Doc();
    docs.push(reloaded);
    Y.applyUpdate(reloaded, stored);
    // And the stored anchor bytes as the database returns them.
    const fromDatabase = { ...anchor, start: Uint8Array.from(Buffer.from(anchor.start)), end: Uint8Array.from(Buffer.from(anchor.end)) };
    expect(resolve(reloaded, fromDatabase)).toEqual(resolve(before, anchor));
    expect(attachedText(reloaded, fromDatabase)).toBe(PASSAGE);
  });

  it('is detached, with its quoted text, when the passage is deleted entirely, never moved to the top', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    const start = textOf(doc, 1).toString().indexOf(PASSAGE);
    textOf(doc, 1).delete(start, PASSAGE.length);
    expect(resolve(doc, anchor)).toEqual({ status: 'detached', quotedText: PASSAGE });
    // Typing where it was does not bring it back.
    textOf(doc, 1).insert(start, 'money');
    expect(resolve(doc, anchor)).toEqual({ status: 'detached', quotedText: PASSAGE });
  });

  it('is detached when its whole paragraph is deleted, including the first block of the text', () => {
    const doc = client();
    const heading = anchorPhrase(doc, 'Youth councils');
    const passage = anchorPhrase(doc, PASSAGE);
    fragment(doc).delete(0, 2);
    expect(resolve(doc, heading)).toEqual({ status: 'detached', quotedText: 'Youth councils' });
    expect(resolve(doc, passage)).toEqual({ status: 'detached', quotedText: PASSAGE });
  });

  it('follows undo and redo of a deletion (Y.UndoManager)', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    const origin = { user: 'editor' };
    const undo = new Y.UndoManager(fragment(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    const start = textOf(doc, 1).toString().indexOf(PASSAGE);
    doc.transact(() => textOf(doc, 1).delete(start, PASSAGE.length), origin);
    expect(resolve(doc, anchor).status).toBe('detached');

    undo.undo();
    expect(attachedText(doc, anchor)).toBe(PASSAGE);
    undo.redo();
    expect(resolve(doc, anchor)).toEqual({ status: 'detached', quotedText: PASSAGE });
    undo.undo();
    expect(attachedText(doc, anchor)).toBe(PASSAGE);
    undo.destroy();
  });

  it('follows undo of an insertion inside the passage', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    const origin = { user: 'editor' };
    const undo = new Y.UndoManager(fragment(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    const start = textOf(doc, 1).toString().indexOf(PASSAGE);
    doc.transact(() => textOf(doc, 1).insert(start + 2, 'small '), origin);
    expect(attachedText(doc, anchor)).toBe('a small budget line for youth councils');
    undo.undo();
    expect(attachedText(doc, anchor)).toBe(PASSAGE);
    undo.redo();
    expect(attachedText(doc, anchor)).toBe('a small budget line for youth councils');
    undo.destroy();
  });

  it('cut and paste: the pasted text is new, so the thread points to its unique copy ("moved"), else is detached', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    const short = anchorPhrase(doc, 'twice');
    const start = textOf(doc, 1).toString().indexOf(PASSAGE);
    // Cut: the characters are deleted. Paste: the same text is inserted as new characters.
    textOf(doc, 1).delete(start, PASSAGE.length);
    textOf(doc, 2).insert(0, `${PASSAGE}. `);
    const moved = resolve(doc, anchor);
    expect(moved.status).toBe('moved');
    if (moved.status !== 'moved') return;
    expect(renderFragment(fragment(doc)).doc.textBetween(moved.from, moved.to)).toBe(PASSAGE);
    expect(textOf(doc, 2).toString().startsWith(PASSAGE)).toBe(true);

    // A quote too short to be found with confidence stays detached after its cut and paste.
    const twice = textOf(doc, 2).toString().indexOf('twice');
    textOf(doc, 2).delete(twice, 'twice'.length);
    textOf(doc, 1).insert(0, 'twice ');
    expect(resolve(doc, short)).toEqual({ status: 'detached', quotedText: 'twice' });
  });

  it('cut, paste and undo of both: the thread is back on its own characters', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    const origin = { user: 'editor' };
    const undo = new Y.UndoManager(fragment(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    const start = textOf(doc, 1).toString().indexOf(PASSAGE);
    doc.transact(() => textOf(doc, 1).delete(start, PASSAGE.length), origin);
    doc.transact(() => textOf(doc, 2).insert(0, `${PASSAGE}. `), origin);
    expect(resolve(doc, anchor).status).toBe('moved');
    undo.undo();
    undo.undo();
    expect(resolve(doc, anchor)).toMatchObject({ status: 'attached', text: PASSAGE });
    expect(textOf(doc, 1).toString()).toContain(PASSAGE);
    undo.destroy();
  });

  it('finds its passage again after another client undoes its deletion: "moved" there, since the undo made new characters', () => {
    const author = client();
    const other = client(author);
    const anchor = anchorPhrase(author, PASSAGE);
    const origin = { user: 'other' };
    const undo = new Y.UndoManager(fragment(other), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    const start = textOf(other, 1).toString().indexOf(PASSAGE);
    other.transact(() => textOf(other, 1).delete(start, PASSAGE.length), origin);
    sync(author, other);
    expect(resolve(author, anchor)).toEqual({ status: 'detached', quotedText: PASSAGE });
    undo.undo();
    sync(author, other);
    // The undoing client follows its own undo to the restored characters (Yjs keeps that link
    // locally, it is not sent); the others find the passage by its quote, which occurs once.
    expect(attachedText(other, anchor)).toBe(PASSAGE);
    const elsewhere = resolve(author, anchor);
    expect(elsewhere.status).toBe('moved');
    if (elsewhere.status === 'moved') expect(renderFragment(fragment(author)).doc.textBetween(elsewhere.from, elsewhere.to)).toBe(PASSAGE);
    undo.destroy();
  });

  it('survives a restart with edits made after it: the stored state plus the logged updates, as the server replays them', () => {
    const live = client();
    const anchor = anchorPhrase(live, PASSAGE);
    const snapshot = Y.encodeStateAsUpdate(live);
    const logged: Uint8Array[] = [];
    live.on('update', (update: Uint8Array) => logged.push(update));
    const start = textOf(live, 1).toString().indexOf(PASSAGE);
    textOf(live, 1).insert(start + PASSAGE.length, ' and a mentor');
    textOf(live, 1).insert(start + 2, 'yearly ');
    textOf(live, 0).insert(0, 'Draft: ');
    const reloaded = new Y.Doc();
    docs.push(reloaded);
    Y.applyUpdate(reloaded, snapshot);
    for (const update of logged) Y.applyUpdate(reloaded, update);
    // The anchor as the API hands it out: base64.
    const fromApi = { ...anchor, start: Buffer.from(Buffer.from(anchor.start).toString('base64'), 'base64'), end: Buffer.from(Buffer.from(anchor.end).toString('base64'), 'base64') };
    expect(attachedText(reloaded, fromApi)).toBe('a yearly budget line for youth councils');
  });

  it('stays detached when the quoted text occurs more than once after it was cut', () => {
    const doc = client();
    const anchor = anchorPhrase(doc, PASSAGE);
    const start = textOf(doc, 1).toString().indexOf(PASSAGE);
    textOf(doc, 1).delete(start, PASSAGE.length);
    textOf(doc, 2).insert(0, `${PASSAGE}; ${PASSAGE}. `);
    expect(resolve(doc, anchor).status).toBe('detached');
  });

  it('refuses an empty or out-of-range selection', () => {
    const doc = client();
    const rendered = renderFragment(fragment(doc));
    expect(() => createThreadAnchor(fragment(doc), rendered, 5, 5)).toThrow(RangeError);
    expect(() => createThreadAnchor(fragment(doc), rendered, 3, rendered.doc.content.size + 4)).toThrow(RangeError);
  });
});
