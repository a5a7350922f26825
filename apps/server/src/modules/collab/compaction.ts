import { yDocToProsemirrorJson } from '@accord/editor';
import * as Y from 'yjs';
import type { CompactedDocument, StoredDocument } from './update-log.repository';

/**
 * Folds a stored state and the updates logged after it into one state, and derives the TipTap
 * JSON from it. Going through a Y.Doc (rather than merging updates byte-wise) lets Yjs collect
 * the garbage of deleted text, so the stored state stays small.
 */
export function foldUpdates(stored: StoredDocument): CompactedDocument {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return { state: Y.encodeStateAsUpdate(doc), content: yDocToProsemirrorJson(doc) };
  } finally {
    doc.destroy();
  }
}
