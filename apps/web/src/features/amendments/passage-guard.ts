import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { passageRangeOf, writeTypedTextAtCaret, type PassageBounds, type YProsemirrorMapping } from '@accord/editor';
import { Extension } from '@tiptap/core';
import type { Node } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

interface PassageGuardOptions {
  doc: Y.Doc | null;
  /** The passage's bounds in the fork, as the server checks them. */
  bounds: PassageBounds | null;
  /** Told when an edit outside the passage was kept from the text. */
  onRefused: () => void;
}

/** What the guard needs of y-tiptap's binding (its state in the sync plugin). */
interface SyncBinding {
  mapping: YProsemirrorMapping;
  mux: (write: () => void) => void;
}

const passageKey = new PluginKey<PassageRange | null>('amendmentPassage');

function bindingOf(state: EditorState): SyncBinding | null {
  return (ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined)?.binding ?? null;
}

/**
 * Where the passage is in the editor's document now, or null before the sync: everything
 * between its bounds, so text typed at either edge stays inside, as on the server.
 */
export function passageRange(state: EditorState, doc: Y.Doc, bounds: PassageBounds): PassageRange | null {
  return rangeIn(bindingOf(state), state.doc, doc, bounds);
}

interface PassageRange {
  from: number;
  to: number;
}

/** The range in `rendered`; right only while the binding's mapping and the Yjs text match it. */
function rangeIn(binding: SyncBinding | null, rendered: Node, doc: Y.Doc, bounds: PassageBounds): PassageRange | null {
  if (!binding) return null;
  return passageRangeOf(doc.getXmlFragment(DOCUMENT_FRAGMENT), { doc: rendered, mapping: binding.mapping }, bounds);
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
  // Above Collaboration (1000): typed text is placed before y-tiptap's sync writes the rest.
  priority: 1100,
  addOptions() {
    return { doc: null, bounds: null, onRefused: () => undefined };
  },
  addProseMirrorPlugins() {
    const { doc, bounds, onRefused } = this.options;
    if (!doc || !bounds) return [];
    // Whether a refused edit is the author's (told) or a fix-up of the editor's own (silent).
    let focused = false;
    return [
      new Plugin<PassageRange | null>({
        key: passageKey,
        // The highlighted range. Yjs learns of a local edit only after the new state is drawn, so
        // the range follows local edits by mapping (text typed at either edge joins it, as on the
        // server) and is read from the bounds again whenever the text comes from Yjs.
        state: {
          init: () => null,
          apply(transaction, range, previous, next) {
            if (transaction.getMeta(ySyncPluginKey) !== undefined) return rangeIn(bindingOf(previous), next.doc, doc, bounds);
            if (!transaction.docChanged) return range ?? rangeIn(bindingOf(previous), next.doc, doc, bounds);
            const before = range ?? rangeIn(bindingOf(previous), previous.doc, doc, bounds);
            return before ? { from: transaction.mapping.map(before.from, -1), to: transaction.mapping.map(before.to, 1) } : null;
          },
        },
        filterTransaction(transaction: Transaction, state: EditorState): boolean {
          if (!transaction.docChanged || transaction.getMeta(ySyncPluginKey)) return true;
          const range = passageRange(state, doc, bounds);
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
        // Runs before the sync plugin writes the author's change (the guard's priority is higher).
        view: () => ({
          update: (view, previous) => {
            if (view.state.doc === previous.doc) return;
            const binding = bindingOf(view.state);
            const sync = ySyncPluginKey.getState(view.state) as { isChangeOrigin?: boolean } | undefined;
            if (!binding || !sync || sync.isChangeOrigin) return;
            binding.mux(() => {
              doc.transact(() => writeTypedTextAtCaret(doc.getXmlFragment(DOCUMENT_FRAGMENT), previous.doc, view.state.doc, view.state.selection.head), ySyncPluginKey);
            });
          },
        }),
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
            const range = passageKey.getState(state);
            if (!range || range.from >= range.to) return null;
            return DecorationSet.create(state.doc, [Decoration.inline(range.from, range.to, { class: 'amendment-passage', 'data-testid': 'amendment-passage' })]);
          },
        },
      }),
    ];
  },
});
