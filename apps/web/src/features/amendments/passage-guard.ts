import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { resolveThreadAnchor, type YProsemirrorMapping } from '@accord/editor';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

export interface PassageAnchor {
  start: Uint8Array;
  end: Uint8Array;
  quotedText: string;
}

interface PassageGuardOptions {
  doc: Y.Doc | null;
  passage: PassageAnchor | null;
  /** Told when an edit outside the passage was kept from the text. */
  onRefused: () => void;
}

const passageKey = new PluginKey('amendmentPassage');

/** Where the passage is in the editor's document now (edges included), or null before the sync. */
export function passageRange(state: EditorState, doc: Y.Doc, passage: PassageAnchor): { from: number; to: number } | null {
  const binding = (ySyncPluginKey.getState(state) as { binding?: { mapping: YProsemirrorMapping } } | undefined)?.binding;
  if (!binding) return null;
  const resolution = resolveThreadAnchor(doc.getXmlFragment(DOCUMENT_FRAGMENT), { doc: state.doc, mapping: binding.mapping }, passage);
  return resolution.status === 'detached' ? null : { from: resolution.from, to: resolution.to };
}

/**
 * The amended passage in the amendment's editor: highlighted, and the only place a local edit
 * may change. The server refuses the rest (4406) and closes the connection, so an edit outside
 * must never leave this tab: not the author's, and not an editor fix-up either (a fix-up that
 * slipped through, TipTap's trailing paragraph, once cost the author every later keystroke).
 * Edits from other people (the sync plugin's) always pass; only the author's own refused edits,
 * made while the editor has the focus, are told.
 */
export const PassageGuard = Extension.create<PassageGuardOptions>({
  name: 'amendmentPassage',
  addOptions() {
    return { doc: null, passage: null, onRefused: () => undefined };
  },
  addProseMirrorPlugins() {
    const { doc, passage, onRefused } = this.options;
    if (!doc || !passage) return [];
    // Whether a refused edit is the author's (told) or a fix-up of the editor's own (silent).
    let focused = false;
    return [
      new Plugin({
        key: passageKey,
        filterTransaction(transaction: Transaction, state: EditorState): boolean {
          if (!transaction.docChanged || transaction.getMeta(ySyncPluginKey)) return true;
          const range = passageRange(state, doc, passage);
          if (!range) return true;
          let { from, to } = range;
          for (let index = 0; index < transaction.steps.length; index++) {
            const map = transaction.mapping.maps[index];
            let inside = true;
            map.forEach((oldStart, oldEnd) => {
              if (oldStart < from || oldEnd > to) inside = false;
            });
            if (!inside) {
              if (focused) onRefused();
              return false;
            }
            from = map.map(from, -1);
            to = map.map(to, 1);
          }
          return true;
        },
        props: {
          handleDOMEvents: {
            focus: () => {
              focused = true;
              return false;
            },
            blur: () => {
              focused = false;
              return false;
            },
          },
          decorations(state: EditorState): DecorationSet | null {
            const range = passageRange(state, doc, passage);
            if (!range) return null;
            return DecorationSet.create(state.doc, [Decoration.inline(range.from, range.to, { class: 'amendment-passage', 'data-testid': 'amendment-passage' })]);
          },
        },
      }),
    ];
  },
});
