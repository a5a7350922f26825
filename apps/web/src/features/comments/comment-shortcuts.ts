import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** Start a thread on the selection, as the toolbar button and the bubble menu do. */
export const START_THREAD_KEYS = 'Mod+Alt+M';

interface CommentShortcutOptions {
  startThread: () => boolean;
}

/**
 * Ctrl/Cmd+Alt+M. Read from the DOM event rather than a keymap: ProseMirror runs keymaps only in
 * an editable view, and a read-only commenter must be able to comment too. The physical key is
 * checked, because Alt changes the character on a Mac.
 */
export const CommentShortcuts = Extension.create<CommentShortcutOptions>({
  name: 'accordCommentShortcuts',

  addOptions() {
    return { startThread: () => false };
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
              if (!mod || !event.altKey || event.shiftKey || event.code !== 'KeyM') return false;
              event.preventDefault();
              options.startThread();
              return true;
            },
          },
        },
      }),
    ];
  },
});
