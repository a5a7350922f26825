import { Extension } from '@tiptap/core';

/**
 * Shortcuts for the toolbar buttons that TipTap has none for, as the hints show them. Chosen with
 * Shift+Alt so they collide with neither the browser's nor TipTap's own (Ctrl+Alt+1-6 are headings).
 */
export const TABLE_AND_LINK_KEYS = {
  link: 'Mod+K',
  insertTable: 'Mod+Alt+Shift+T',
  addRow: 'Mod+Alt+Shift+R',
  addColumn: 'Mod+Alt+Shift+C',
  deleteTable: 'Mod+Alt+Shift+Backspace',
} as const;

/** "Mod+Alt+Shift+T" as ProseMirror's keymap names it ("Mod-Alt-Shift-t"). */
export function keymapNameOf(keys: string): string {
  return keys
    .split('+')
    .map((part) => (part.length === 1 ? part.toLowerCase() : part))
    .join('-');
}

interface ToolbarShortcutOptions {
  /** Moves focus to the toolbar (Escape); false when there is none (read-only). */
  focusToolbar: () => boolean;
  /** Opens the link form, as the Link button does. */
  openLinkForm: () => boolean;
}

export const ToolbarShortcuts = Extension.create<ToolbarShortcutOptions>({
  name: 'accordToolbarShortcuts',

  addOptions() {
    return { focusToolbar: () => false, openLinkForm: () => false };
  },

  addKeyboardShortcuts() {
    const table = { rows: 3, cols: 3, withHeaderRow: true };
    return {
      Escape: () => this.options.focusToolbar(),
      [keymapNameOf(TABLE_AND_LINK_KEYS.link)]: () => this.editor.isEditable && this.options.openLinkForm(),
      [keymapNameOf(TABLE_AND_LINK_KEYS.insertTable)]: () => this.editor.isEditable && this.editor.commands.insertTable(table),
      [keymapNameOf(TABLE_AND_LINK_KEYS.addRow)]: () => this.editor.isEditable && this.editor.commands.addRowAfter(),
      [keymapNameOf(TABLE_AND_LINK_KEYS.addColumn)]: () => this.editor.isEditable && this.editor.commands.addColumnAfter(),
      [keymapNameOf(TABLE_AND_LINK_KEYS.deleteTable)]: () => this.editor.isEditable && this.editor.commands.deleteTable(),
    };
  },
});
