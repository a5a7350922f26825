import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import type { Node } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { accordSchema } from './accord-extensions';
import { passageBoundsOf, passageRangeOf, passageViolation, type PassageBounds } from './amendment-passage';
import { createThreadAnchor, renderFragment } from './thread-anchor';
import { writeTypedTextAtCaret } from './typed-text-placement';
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
afterEach(() => docs.splice(0).forEach((doc) => doc.destroy()));
const fragment = (doc: Y.Doc) => doc.getXmlFragment(DOCUMENT_FRAGMENT);

/** The server's copy of an amendment (a fork of the recommendation) and its bounds around `phrase`. */
function fork(phrase = PASSAGE, text: object = TEXT): { server: Y.Doc; bounds: PassageBounds } {
  const server = prosemirrorJsonToYDoc(text);
  docs.push(server);
  const rendered = renderFragment(fragment(server));
  const from = positionOf(rendered.doc, phrase);
  const anchor = createThreadAnchor(fragment(server), rendered, from, from + phrase.length);
  return { server, bounds: passageBoundsOf(server, anchor.start, anchor.end) };
}

function positionOf(doc: Node, phrase: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text?.includes(phrase)) found = pos + node.text.indexOf(phrase);
  });
  if (found < 0) throw new Error(`"${phrase}" is not in the text`);
  return found;
}

/**
 * An editor on the server's state: a ProseMirror edit, written to Yjs by y-tiptap's own
 * updateYFragment (as the editor's sync plugin does), gives the update the browser would send.
 */
function editorEdit(server: Y.Doc, edit: (state: EditorState, doc: Node) => Transaction, { atCaret = true } = {}): Uint8Array {
  const client = new Y.Doc();
  docs.push(client);
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const { doc, meta } = initProseMirrorDoc(fragment(client), accordSchema);
  const state = EditorState.create({ schema: accordSchema, doc });
  const next = state.apply(edit(state, doc));
  const before = Y.encodeStateVector(client);
  client.transact(() => {
    // As the amendment editor does (its passage guard), before the sync plugin writes.
    if (atCaret) writeTypedTextAtCaret(fragment(client), doc, next.doc, next.selection.head);
    updateYFragment(client, fragment(client), next.doc, meta as never);
  });
  return Y.encodeStateAsUpdate(client, before);
}

/** Puts the caret at `at` and types `text` there, as a person does: the caret ends after it. */
const typeAt = (text: string, at: number) => (state: EditorState, doc: Node) => state.tr.setSelection(TextSelection.create(doc, at)).insertText(text);

/** Types `text` one key at a time from `at`, each key its own update. */
function typeKeys(server: Y.Doc, bounds: PassageBounds, text: string, at: number): (string | null)[] {
  const verdicts: (string | null)[] = [];
  for (let index = 0; index < text.length; index++) {
    verdicts.push(send(server, bounds, editorEdit(server, typeAt(text[index], at + index))));
  }
  return verdicts;
}

const passageStart = (server: Y.Doc) => positionOf(renderFragment(fragment(server)).doc, PASSAGE);

const textOf = (doc: Y.Doc) => renderFragment(fragment(doc)).doc.textBetween(0, renderFragment(fragment(doc)).doc.content.size, '\n');

/** Checks, then applies when allowed (as the server does). */
function send(server: Y.Doc, bounds: PassageBounds, update: Uint8Array): string | null {
  const violation = passageViolation(server, bounds, update);
  if (!violation) Y.applyUpdate(server, update);
  return violation;
}

describe('amendment passage: an update may change only the amended passage', () => {
  it('accepts typing inside the passage', () => {
    const { server, bounds } = fork();
    const update = editorEdit(server, (state, doc) => state.tr.insertText(' of its own', positionOf(doc, 'budget line') + 'budget line'.length));
    expect(send(server, bounds, update)).toBeNull();
    expect(textOf(server)).toContain('give a budget line of its own for youth councils before');
  });

  it('accepts typing at both edges, and editing what was typed there afterwards', () => {
    const { server, bounds } = fork();
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.insertText('at least ', positionOf(doc, PASSAGE))))).toBeNull();
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.insertText(', and clubs', positionOf(doc, PASSAGE) + PASSAGE.length)))).toBeNull();
    // The edge text is part of the passage now: it can be changed again.
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.delete(positionOf(doc, ', and clubs'), positionOf(doc, ', and clubs') + ', and'.length)))).toBeNull();
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.delete(positionOf(doc, 'at least '), positionOf(doc, 'at least ') + 3)))).toBeNull();
    expect(textOf(server)).toContain('should give least a budget line for youth councils clubs before the next election.');
  });

  // y-tiptap alone writes a text change as the shortest diff of the old and new paragraph: a space
  // typed at the end edge, before the space that follows the passage, lands after that space,
  // outside (the session closed with 4406). The editor writes typed text where the caret put it.
  it('accepts a space typed at the end edge before a space, and the words typed after it, key by key', () => {
    const { server, bounds } = fork();
    const end = passageStart(server) + PASSAGE.length;
    expect(passageViolation(server, bounds, editorEdit(server, typeAt(' ', end), { atCaret: false }))).toMatch(/outside/);
    expect(typeKeys(server, bounds, ' and sports clubs', end)).toEqual(Array(' and sports clubs'.length).fill(null));
    expect(textOf(server)).toContain('give a budget line for youth councils and sports clubs before the next election.');
    // At the start edge, after the space before the passage, as well.
    expect(typeKeys(server, bounds, 'at least ', passageStart(server))).toEqual(Array('at least '.length).fill(null));
    expect(textOf(server)).toContain('should give at least a budget line for youth councils and sports clubs before');
  });

  it('still refuses a space typed one character past either edge', () => {
    const { server, bounds } = fork();
    const before = textOf(server);
    expect(send(server, bounds, editorEdit(server, typeAt(' ', passageStart(server) + PASSAGE.length + 1)))).toMatch(/outside/);
    expect(send(server, bounds, editorEdit(server, typeAt(' ', passageStart(server) - 1)))).toMatch(/outside/);
    expect(textOf(server)).toBe(before);
  });

  it('gives the editor the same passage as the check: text typed at either edge is inside', () => {
    const { server, bounds } = fork();
    const rangeText = () => {
      const rendered = renderFragment(fragment(server));
      const range = passageRangeOf(fragment(server), rendered, bounds)!;
      return rendered.doc.textBetween(range.from, range.to, '\n');
    };
    expect(rangeText()).toBe(PASSAGE);
    expect(typeKeys(server, bounds, ' now', passageStart(server) + PASSAGE.length)).toEqual([null, null, null, null]);
    expect(typeKeys(server, bounds, 'soon ', passageStart(server))).toEqual([null, null, null, null, null]);
    expect(rangeText()).toBe(`soon ${PASSAGE} now`);
  });

  it('gives the range of a passage that is a whole paragraph, and of one that ends the text', () => {
    const whole = 'Every partner town should give a budget line for youth councils before the next election.';
    const { server, bounds } = fork(whole);
    let rendered = renderFragment(fragment(server));
    let range = passageRangeOf(fragment(server), rendered, bounds)!;
    expect(rendered.doc.textBetween(range.from, range.to, '\n')).toBe(whole);
    expect(range.from).toBe(positionOf(rendered.doc, whole));
    const last = 'twice a year.';
    const end = fork(last);
    rendered = renderFragment(fragment(end.server));
    range = passageRangeOf(fragment(end.server), rendered, end.bounds)!;
    expect(rendered.doc.textBetween(range.from, range.to, '\n')).toBe(last);
  });

  it('accepts replacing the whole passage, then typing into the emptied place', () => {
    const { server, bounds } = fork();
    const from = positionOf(renderFragment(fragment(server)).doc, PASSAGE);
    expect(send(server, bounds, editorEdit(server, (state) => state.tr.delete(from, from + PASSAGE.length)))).toBeNull();
    expect(send(server, bounds, editorEdit(server, (state) => state.tr.insertText('a yearly grant', from)))).toBeNull();
    expect(textOf(server)).toContain('should give a yearly grant before the next election.');
  });

  it('accepts bold on the passage', () => {
    const { server, bounds } = fork();
    const update = editorEdit(server, (state, doc) => state.tr.addMark(positionOf(doc, 'budget'), positionOf(doc, 'budget') + 6, accordSchema.marks.bold.create()));
    expect(send(server, bounds, update)).toBeNull();
  });

  it('refuses typing just outside either edge, in another block, or a deletion outside', () => {
    const { server, bounds } = fork();
    const before = textOf(server);
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.insertText('X', positionOf(doc, PASSAGE) - 1)))).toMatch(/outside/);
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.insertText('X', positionOf(doc, PASSAGE) + PASSAGE.length + 1)))).toMatch(/outside/);
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.insertText('Draft: ', positionOf(doc, 'Youth councils'))))).toMatch(/outside/);
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.delete(positionOf(doc, 'twice'), positionOf(doc, 'twice') + 6)))).toMatch(/outside/);
    // A deletion that runs over the edge is refused whole.
    expect(send(server, bounds, editorEdit(server, (state, doc) => state.tr.delete(positionOf(doc, 'give a'), positionOf(doc, 'give a') + 8)))).toMatch(/outside/);
    expect(textOf(server)).toBe(before);
  });

  it('refuses a change to another block: its heading level, or deleting it', () => {
    const { server, bounds } = fork();
    expect(send(server, bounds, editorEdit(server, (state) => state.tr.setNodeMarkup(0, undefined, { level: 2 })))).toMatch(/outside/);
    const doc = renderFragment(fragment(server)).doc;
    const lastStart = doc.content.size - doc.lastChild!.nodeSize;
    expect(send(server, bounds, editorEdit(server, (state) => state.tr.delete(lastStart, doc.content.size)))).toMatch(/outside/);
  });

  it('accepts a new paragraph after a passage that ends its block, and text in it', () => {
    const { server, bounds } = fork('Every partner town should give a budget line for youth councils before the next election.');
    const doc = renderFragment(fragment(server)).doc;
    const afterSecond = doc.child(0).nodeSize + doc.child(1).nodeSize;
    expect(send(server, bounds, editorEdit(server, (state) => state.tr.insert(afterSecond, accordSchema.nodes.paragraph.create(null, accordSchema.text('Councils meet monthly.')))))).toBeNull();
    expect(send(server, bounds, editorEdit(server, (state, current) => state.tr.insertText(' in public', positionOf(current, 'monthly') + 7)))).toBeNull();
    expect(textOf(server)).toContain('Councils meet monthly in public.');
  });

  it('takes a reconnecting client re-sending its whole state, with the deletions made before the fork', () => {
    const base = prosemirrorJsonToYDoc(TEXT);
    docs.push(base);
    // An edit of the recommendation before the fork: its deletion is in every later delete set.
    const text = (fragment(base).get(2) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(0, 'Councils '.length);
    const server = new Y.Doc();
    docs.push(server);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(base));
    const rendered = renderFragment(fragment(server));
    const from = positionOf(rendered.doc, PASSAGE);
    const anchor = createThreadAnchor(fragment(server), rendered, from, from + PASSAGE.length);
    const bounds = passageBoundsOf(server, anchor.start, anchor.end);
    const client = new Y.Doc();
    docs.push(client);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const passageText = (fragment(client).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    passageText.insert(passageText.toString().indexOf(PASSAGE) + 2, 'X');
    expect(passageViolation(server, bounds, Y.encodeStateAsUpdate(client))).toBeNull();
  });

  it('refuses bounds that do not name text', () => {
    const { server } = fork();
    const type = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(fragment(server), 0));
    expect(() => passageBoundsOf(server, type, type)).toThrow(RangeError);
  });
});
