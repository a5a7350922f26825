import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * A read-only editor shows the server's text and nothing else: in a view that may not edit, a
 * transaction may change the document only when it comes from Yjs (y-tiptap marks its own).
 * Without this, TipTap's trailing-node rule appended an empty paragraph on load, the server
 * refused it, and the commenter's page said "Saving…" for ever. An editable editor is untouched:
 * the check reads the editor's option, which is true from the start for editors.
 */
export const ReadOnlyGuard = Extension.create({
  name: 'accordReadOnlyGuard',

  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        key: new PluginKey('accordReadOnlyGuard'),
        filterTransaction: (transaction) => editor.options.editable !== false || !transaction.docChanged || transaction.getMeta(ySyncPluginKey) !== undefined,
      }),
    ];
  },
});

type Granularity = 'character' | 'word' | 'line' | 'lineboundary' | 'documentboundary';

/** The keys that move or extend the selection, as the browser's Selection.modify takes them. */
function movementOf(event: KeyboardEvent): { direction: 'forward' | 'backward'; granularity: Granularity } | null {
  const word = event.ctrlKey || event.altKey;
  switch (event.key) {
    case 'ArrowRight':
      return { direction: 'forward', granularity: word ? 'word' : 'character' };
    case 'ArrowLeft':
      return { direction: 'backward', granularity: word ? 'word' : 'character' };
    case 'ArrowDown':
      return { direction: 'forward', granularity: 'line' };
    case 'ArrowUp':
      return { direction: 'backward', granularity: 'line' };
    case 'End':
      return { direction: 'forward', granularity: event.ctrlKey ? 'documentboundary' : 'lineboundary' };
    case 'Home':
      return { direction: 'backward', granularity: event.ctrlKey ? 'documentboundary' : 'lineboundary' };
    default:
      return null;
  }
}

/**
 * Selecting text by keyboard in a read-only editor, so that a commenter can comment without a
 * mouse: the text is focusable (tabindex, set with the content attributes) and the arrow keys,
 * Home and End move a caret, with Shift they extend the selection (Ctrl: by word, to the ends),
 * Ctrl/Cmd+A selects the whole text. A non-editable element has no caret of its own, so the keys
 * move the DOM selection, which ProseMirror reads as it does a mouse selection. Every handler
 * returns at once in an editable view: there the browser and ProseMirror keep every key.
 */
export const ReadOnlyKeyboardSelection = Extension.create({
  name: 'accordReadOnlyKeyboardSelection',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('accordReadOnlyKeyboardSelection'),
        props: {
          handleDOMEvents: {
            keydown: (view, event) => {
              if (view.editable || event.defaultPrevented) return false;
              const selection = view.dom.ownerDocument.getSelection();
              if (!selection) return false;
              if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'a') {
                event.preventDefault();
                selection.selectAllChildren(view.dom);
                return true;
              }
              const movement = movementOf(event);
              if (!movement || event.metaKey) return false;
              event.preventDefault();
              if (selection.rangeCount === 0 || !view.dom.contains(selection.anchorNode)) {
                // No caret on screen yet: start from the editor's selection (the top, or where "Jump to passage" went).
                const { anchor, head } = view.state.selection;
                const from = view.domAtPos(anchor);
                const to = view.domAtPos(head);
                selection.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
              }
              selection.modify(event.shiftKey ? 'extend' : 'move', movement.direction, movement.granularity);
              return true;
            },
          },
        },
      }),
    ];
  },
});
