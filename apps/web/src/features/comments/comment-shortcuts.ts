import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** Start a thread on the selection, as the toolbar button and the bubble menu do. */
export const START_THREAD_KEYS = 'Mod+Alt+M';
/** From the text back to the open thread (or to the thread whose passage holds the caret). */
export const BACK_TO_THREAD_KEYS = 'Mod+Alt+Shift+M';

interface CommentShortcutOptions {
  startThread: () => boolean;
  backToThread: () => boolean;
}

/**
 * Ctrl/Cmd+Alt+M, and with Shift back to the thread. Read from the DOM event rather than a keymap: ProseMirror runs keymaps only in
 * an editable view, and a read-only commenter must be able to comment too. The physical key is
 * checked, because Alt changes the character on a Mac.
 */
export const CommentShortcuts = Extension.create<CommentShortcutOptions>({
  name: 'accordCommentShortcuts',

  addOptions() {
    return { startThread: () => false, backToThread: () => false };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey('accordCommentShortcuts'),
        props: {
          handleDOMEvents: {
            keydown: (_view, event) => {
              const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? event.metaKey : event.ctrlKey;
              if (!mod || !event.altKey || event.code !== 'KeyM') return false;
              event.preventDefault();
              if (event.shiftKey) options.backToThread();
              else options.startThread();
              return true;
            },
          },
        },
      }),
    ];
  },
});
