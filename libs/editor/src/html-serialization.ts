import type { JSONContent } from '@tiptap/core';
import { DOMSerializer } from '@tiptap/pm/model';
import { accordSchema } from './accord-extensions';
import { StringDocument, StringFragment } from './string-dom';
import { parseRecommendationJson } from './yjs-conversion';

type SerializeOptions = NonNullable<Parameters<DOMSerializer['serializeFragment']>[1]>;

/**
 * Renders TipTap JSON as HTML with the schema's own renderHTML rules (the same markup the editor
 * shows), in plain Node or the browser. Text and attribute values are escaped; `javascript:`
 * links are already dropped by the link extension's renderHTML.
 */
export function prosemirrorJsonToHtml(json: JSONContent): string {
  const node = parseRecommendationJson(json);
  const document = new StringDocument();
  // DOMSerializer is typed against the browser DOM; StringDocument implements the part it calls.
  const options = { document } as unknown as SerializeOptions;
  const fragment = DOMSerializer.fromSchema(accordSchema).serializeFragment(node.content, options);
  return (fragment as unknown as StringFragment).innerHTML;
}
