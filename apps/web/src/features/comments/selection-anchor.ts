import type { Editor } from '@tiptap/core';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { QUOTE_MAX_CHARACTERS } from '@accord/contracts';
import { createThreadAnchor, type YProsemirrorMapping } from '@accord/editor';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { NewThread } from '../../api/comments-api';

/**
 * The anchor of the current selection, as the server stores it (base64), or null when nothing
 * but white space is selected. Reads the Y.Doc only: a read-only commenter can start a thread.
 */
export function anchorOfSelection(editor: Editor, fragment: Y.XmlFragment): NewThread['anchor'] | null {
  const { from, to } = editor.state.selection;
  if (from >= to || editor.state.doc.textBetween(from, to, '\n').trim() === '') return null;
  const binding = (ySyncPluginKey.getState(editor.state) as { binding?: { mapping: YProsemirrorMapping } } | undefined)?.binding;
  if (!binding) return null;
  const anchor = createThreadAnchor(fragment, { doc: editor.state.doc, mapping: binding.mapping }, from, to, QUOTE_MAX_CHARACTERS);
  return { start: toBase64(anchor.start), end: toBase64(anchor.end), quotedText: anchor.quotedText, stateVector: toBase64(anchor.stateVector) };
}

/** The version of the text this member sees now, sent with each comment. */
export function currentStateVector(doc: Y.Doc): string {
  return toBase64(Y.encodeStateVector(doc));
}
