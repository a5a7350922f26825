import { CollabCloseCode } from '@accord/contracts';
import { encodeProsemirrorJsonAsUpdate, MAX_NESTING_DEPTH, yDocToProsemirrorJson } from '@accord/editor';
import { RECOMMENDATION_FIXTURE } from '../../../../../libs/editor/src/recommendation-fixture';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { craftedContinuation, mutateUpdate, nestedQuotes, seededRandom, TipTapShapedEditor } from '../../../../../tests/fixtures/mutated-updates';
import { CollabException } from './collab.exception';
import { decodeUpdate } from './protocol/client-frame';
import { checkUpdate } from './update-check';

/** State vector, text, and the length Yjs keeps for each node: what a reload must reproduce. */
function fingerprint(doc: Y.Doc): string {
  const lengths: number[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText) => {
    lengths.push(node.length);
    if (!(node instanceof Y.XmlText)) for (const child of node.toArray()) if (!(child instanceof Y.XmlHook)) walk(child);
  };
  walk(doc.getXmlFragment('default'));
  return `${Buffer.from(Y.encodeStateVector(doc)).toString('hex')}|${doc.getXmlFragment('default').toString()}|${lengths.join(',')}`;
}

function refusal(doc: Y.Doc, update: Uint8Array): CollabException | null {
  try {
    checkUpdate(doc, decodeUpdate(update));
    return null;
  } catch (error) {
    if (error instanceof CollabException) return error;
    throw error;
  }
}

describe('checkUpdate', () => {
  it('names the client ids whose new content an update brings (for the authorship record), none for a repeat', () => {
    const server = new Y.Doc();
    const editor = new Y.Doc();
    editor.clientID = 4242;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Typed by one editor')]);
    editor.getXmlFragment('default').push([paragraph]);
    const update = Y.encodeStateAsUpdate(editor);
    expect(checkUpdate(server, decodeUpdate(update))).toEqual([4242]);
    Y.applyUpdate(server, update);
    expect(checkUpdate(server, decodeUpdate(update))).toEqual([]);
    server.destroy();
    editor.destroy();
  });

  it('accepts what an editor sends: a seeded document, typing, marks, deletions, and an update sent twice', () => {
    const server = new Y.Doc();
    const seed = encodeProsemirrorJsonAsUpdate(RECOMMENDATION_FIXTURE);
    expect(refusal(server, seed)).toBeNull();
    Y.applyUpdate(server, seed);
    const editor = new TipTapShapedEditor(seededRandom(7));
    editor.receive(Y.encodeStateAsUpdate(server));
    for (let round = 0; round < 300; round++) {
      for (const update of editor.edit()) {
        expect(refusal(server, update)).toBeNull();
        Y.applyUpdate(server, update);
        // A reconnecting provider may send what the server already has.
        expect(refusal(server, update)).toBeNull();
      }
    }
    expect(fingerprint(server)).toBe(fingerprint(editor.doc));
  });

  it(`refuses blocks nested deeper than ${MAX_NESTING_DEPTH} levels, and accepts that depth`, () => {
    const server = new Y.Doc();
    const poison = nestedQuotes(2000);
    expect(poison.byteLength).toBeGreaterThan(30_000);
    const refused = refusal(server, poison);
    expect(refused?.closeCode).toBe(CollabCloseCode.invalidUpdate);
    expect(refused?.reason).toContain(`nested deeper than ${MAX_NESTING_DEPTH}`);
    // The paragraph inside counts as a level too.
    expect(refusal(server, nestedQuotes(MAX_NESTING_DEPTH - 1))).toBeNull();
  });

  it('accepts a long document in one update: siblings do not count as depth', () => {
    const author = new Y.Doc();
    author.transact(() => {
      for (let index = 0; index < 500; index++) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(`Paragraph ${index}`)]);
        author.getXmlFragment('default').push([paragraph]);
      }
    });
    expect(refusal(new Y.Doc(), Y.encodeStateAsUpdate(author))).toBeNull();
  });

  it('refuses depth built up over several updates, and node names the schema does not know', () => {
    const server = new Y.Doc();
    const author = new Y.Doc();
    author.on('update', (update: Uint8Array) => {
      if (refusal(server, update) === null) Y.applyUpdate(server, update);
    });
    let parent: Y.XmlFragment | Y.XmlElement = author.getXmlFragment('default');
    for (let level = 0; level < MAX_NESTING_DEPTH + 10; level++) {
      const quote: Y.XmlElement = new Y.XmlElement('blockquote');
      parent.insert(0, [quote]);
      parent = quote;
    }
    let depth = 0;
    for (let node = server.getXmlFragment('default').get(0); node instanceof Y.XmlElement; node = node.get(0)) depth++;
    expect(depth).toBe(MAX_NESTING_DEPTH);

    const stranger = new Y.Doc();
    stranger.getXmlFragment('default').insert(0, [new Y.XmlElement('script')]);
    expect(refusal(new Y.Doc(), Y.encodeStateAsUpdate(stranger))?.reason).toContain('no node "script"');
    const otherRoot = new Y.Doc();
    otherRoot.getMap('elsewhere').set('x', 1);
    expect(refusal(new Y.Doc(), Y.encodeStateAsUpdate(otherRoot))?.reason).toContain('no root "elsewhere"');
  });

  it('refuses a struct that continues stored text under another parent (memory would differ from a replay)', () => {
    const server = new Y.Doc();
    const author = new Y.Doc();
    author.on('update', (update: Uint8Array) => Y.applyUpdate(server, update));
    const fragment = author.getXmlFragment('default');
    for (const words of ['hello', 'world']) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(words)]);
      fragment.push([paragraph]);
    }
    const first = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const head = first._start as Y.Item;
    const state = Y.getState(server.store, author.clientID);
    // Starts inside the second paragraph's text, but its origin is the first paragraph's last letter.
    const crafted = craftedContinuation(author.clientID, state - 2, Y.createID(author.clientID, head.id.clock + 4), 'XYZW');
    expect(refusal(server, crafted)?.reason).toContain('continues stored content under another parent');
  });

  it('keeps memory equal to a replay of what it accepted, under a stream of corrupted updates', () => {
    const random = seededRandom(20261202);
    const server = new Y.Doc();
    const accepted: Uint8Array[] = [];
    server.on('update', (update: Uint8Array) => accepted.push(update));
    const editors = [0, 1, 2].map(() => new TipTapShapedEditor(random));
    let refused = 0;
    for (let round = 0; round < 600; round++) {
      const editor = editors[Math.floor(random() * editors.length)];
      editor.receive(Y.encodeStateAsUpdate(server, Y.encodeStateVector(editor.doc)));
      const honest = editor.edit();
      for (const update of honest) {
        checkUpdate(server, decodeUpdate(update));
        Y.applyUpdate(server, update);
      }
      for (let attempt = 0; attempt < 3 && honest.length > 0; attempt++) {
        const corrupted = mutateUpdate(honest[Math.floor(random() * honest.length)], random);
        if (refusal(server, corrupted)) {
          refused++;
          continue;
        }
        Y.applyUpdate(server, corrupted);
      }
      if (round % 50 === 49) {
        const replay = new Y.Doc();
        Y.transact(replay, () => accepted.forEach((update) => Y.applyUpdate(replay, update)));
        expect(fingerprint(replay), `after round ${round}`).toBe(fingerprint(server));
        expect(() => yDocToProsemirrorJson(replay)).not.toThrow();
        replay.destroy();
      }
    }
    expect(refused).toBeGreaterThan(100);
  }, 60_000);
});
