import type { JSONContent } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { accordSchema } from './accord-extensions';

/**
 * Parses TipTap JSON against the Accord schema and checks that its content is valid, so that
 * nothing the editor could not have produced reaches a Y.Doc or an export.
 * Throws a RangeError naming the first problem.
 */
export function parseRecommendationJson(json: JSONContent): Node {
  const node = Node.fromJSON(accordSchema, json);
  node.check();
  return node;
}

/** Reads a recommendation's rich text out of its Y.Doc as TipTap JSON, normalised by the schema. */
export function yDocToProsemirrorJson(doc: Y.Doc): JSONContent {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const json = yXmlFragmentToProseMirrorRootNode(fragment, accordSchema).toJSON() as JSONContent;
  // An empty Y fragment yields a doc with no content key; callers should not have to special-case it.
  return { ...json, content: json.content ?? [] };
}

/** Writes TipTap JSON into the document fragment of `doc` (which should be empty). */
export function writeProsemirrorJsonToYDoc(json: JSONContent, doc: Y.Doc): void {
  const node = parseRecommendationJson(json);
  prosemirrorToYXmlFragment(node, doc.getXmlFragment(DOCUMENT_FRAGMENT));
}

/** A new Y.Doc holding `json` as a recommendation's text. */
export function prosemirrorJsonToYDoc(json: JSONContent): Y.Doc {
  const doc = new Y.Doc();
  writeProsemirrorJsonToYDoc(json, doc);
  return doc;
}

/**
 * `json` as one Yjs update (v1 encoding, the one y-websocket speaks), e.g. to seed a document.
 * Each call uses a fresh client ID: apply the result to an empty document only, or the text
 * would appear twice.
 */
export function encodeProsemirrorJsonAsUpdate(json: JSONContent): Uint8Array {
  const doc = prosemirrorJsonToYDoc(json);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
