import { getSchema, type Extensions } from '@tiptap/core';
import { TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';
import { PassageLanguage } from './passage-language';

/** Heading levels a recommendation may use; the title lives outside the text, so no more are needed. */
export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/**
 * The extensions that define a recommendation's document schema. Browser and server build the
 * schema from this one list, so a document the editor writes is always one the server can read.
 * Collaboration extensions are left out: they need a live Y.Doc and provider, which only the
 * browser has.
 *
 * `trailingParagraph: false` leaves out TipTap's rule that appends an empty paragraph after a
 * text ending in a list, table or quote (an editor-only plugin; the schema is the same): an
 * amendment's editor may change only its passage, and that paragraph would be outside it.
 */
export function accordExtensions({ trailingParagraph = true }: { trailingParagraph?: boolean } = {}): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      ...(trailingParagraph ? {} : { trailingNode: false as const }),
      // Yjs brings its own undo manager, which only undoes the local user's edits.
      undoRedo: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
      },
    }),
    // Column resizing adds an editor-only plugin and node view; widths still round-trip via colwidth.
    TableKit.configure({ table: { resizable: false } }),
    PassageLanguage,
  ];
}

/** The ProseMirror schema of a recommendation's text. */
export const accordSchema = getSchema(accordExtensions());
