import type { Node } from '@tiptap/pm/model';
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { accordSchema } from './accord-extensions';

/**
 * Where a comment thread sits in a recommendation's text.
 *
 * Design: two Yjs relative positions (start and end), kept in the thread's database row, not a
 * mark in the Yjs document. A mark would be a write to the text: a read-only commenter could not
 * start a thread, every thread would enter the text's history, diffs and exports, and hiding or
 * resolving would need yet another edit. A relative position names the Yjs item (character) it
 * is attached to, so it moves with that character whatever is inserted or deleted around it, by
 * any client, and it decodes the same after a restart because item ids are part of the stored state.
 */
export interface ThreadAnchor {
  /** Y.encodeRelativePosition of the passage's first character (associated to its right). */
  start: Uint8Array;
  /** Y.encodeRelativePosition just after the passage's last character (associated to its left). */
  end: Uint8Array;
  /** The passage as it read when the thread was started; shown when the text is gone. */
  quotedText: string;
  /** Y.encodeStateVector at creation: the version of the text the thread was about. */
  stateVector: Uint8Array;
}

export type AnchorResolution =
  /** The anchored characters (or some of them) are still there, between `from` and `to`. */
  | { status: 'attached'; from: number; to: number; text: string }
  /**
   * The anchored characters are gone, but the quoted text appears exactly once elsewhere (cut and
   * paste makes new characters): the thread points there, and a client may re-anchor it.
   */
  | { status: 'moved'; from: number; to: number; text: string }
  /** The passage is deleted entirely: the thread stays readable with its quoted text. */
  | { status: 'detached'; quotedText: string };

/** y-tiptap's map from Yjs types to the ProseMirror nodes rendered from them. */
export type YProsemirrorMapping = Map<Y.AbstractType<unknown>, Node | Node[]>;

/** What a headless reader of a Y.Doc needs: the ProseMirror document and the mapping behind it. */
export interface RenderedFragment {
  doc: Node;
  mapping: YProsemirrorMapping;
}

/** Renders a fragment with the Accord schema; the browser has the same from its sync plugin's binding. */
export function renderFragment(fragment: Y.XmlFragment): RenderedFragment {
  const { doc, mapping } = initProseMirrorDoc(fragment, accordSchema);
  return { doc, mapping: mapping as YProsemirrorMapping };
}

/** Shortest quote worth searching for after the anchored characters are gone; shorter ones match by chance. */
const MIN_RELOCATABLE_QUOTE = 12;

/**
 * Anchors the ProseMirror selection `from`..`to` (from < to) of `rendered` (rendered from
 * `fragment`) to the characters it covers.
 */
export function createThreadAnchor(fragment: Y.XmlFragment, rendered: RenderedFragment, from: number, to: number, quoteLimit = 2000): ThreadAnchor {
  const doc = fragment.doc;
  if (!doc) throw new Error('The fragment belongs to no Y.Doc');
  if (!(from < to) || from < 1 || to > rendered.doc.content.size) throw new RangeError(`Not a text selection: ${from}..${to}`);
  const start = associate(doc, absolutePositionToRelativePosition(from, fragment, rendered.mapping), 0);
  const end = associate(doc, absolutePositionToRelativePosition(to, fragment, rendered.mapping), -1);
  return {
    start: Y.encodeRelativePosition(start),
    end: Y.encodeRelativePosition(end),
    quotedText: rendered.doc.textBetween(from, to, '\n').slice(0, quoteLimit),
    stateVector: Y.encodeStateVector(doc),
  };
}

/**
 * Finds the passage again in the current text. Positions of deleted characters collapse onto
 * their neighbours, and y-tiptap's helper answers 0 (the top) for some whose text is gone: both
 * mean detached, never "the start of the document".
 */
export function resolveThreadAnchor(fragment: Y.XmlFragment, rendered: RenderedFragment, anchor: Pick<ThreadAnchor, 'start' | 'end' | 'quotedText'>): AnchorResolution {
  const doc = fragment.doc;
  if (!doc) throw new Error('The fragment belongs to no Y.Doc');
  const from = relativePositionToAbsolutePosition(doc, fragment, Y.decodeRelativePosition(anchor.start), rendered.mapping);
  const to = relativePositionToAbsolutePosition(doc, fragment, Y.decodeRelativePosition(anchor.end), rendered.mapping);
  if (from !== null && to !== null && from > 0 && to > from && to <= rendered.doc.content.size) {
    const text = rendered.doc.textBetween(from, to, '\n');
    if (text.length > 0) return { status: 'attached', from, to, text };
  }
  const found = findUnique(rendered.doc, anchor.quotedText);
  if (found) return { status: 'moved', ...found, text: anchor.quotedText };
  return { status: 'detached', quotedText: anchor.quotedText };
}

/** Re-creates a position inside a text with the given association; others stay as y-tiptap made them. */
function associate(doc: Y.Doc, position: Y.RelativePosition, assoc: number): Y.RelativePosition {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute || !(absolute.type instanceof Y.XmlText)) return position;
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc);
}

/** The one place `quote` occurs in the text (blocks joined by "\n", as quotes are), or null. */
function findUnique(doc: Node, quote: string): { from: number; to: number } | null {
  if (quote.trim().length < MIN_RELOCATABLE_QUOTE) return null;
  let flat = '';
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (flat.length > 0) {
      flat += '\n';
      positions.push(-1);
    }
    node.forEach((child, offset) => {
      if (!child.isText || !child.text) return;
      for (let index = 0; index < child.text.length; index++) positions.push(pos + 1 + offset + index);
      flat += child.text;
    });
    return false;
  });
  const at = flat.indexOf(quote);
  if (at < 0 || flat.indexOf(quote, at + 1) >= 0) return null;
  const from = positions[at];
  const last = positions[at + quote.length - 1];
  if (from === undefined || last === undefined || from < 0 || last < 0) return null;
  return { from, to: last + 1 };
}
