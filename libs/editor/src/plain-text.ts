import { getText, getTextSerializersFromSchema, type JSONContent } from '@tiptap/core';
import { accordSchema } from './accord-extensions';
import { parseRecommendationJson } from './yjs-conversion';

/** The text of a recommendation without markup, blocks separated by a blank line (search, previews). */
export function plainTextOf(json: JSONContent): string {
  return getText(parseRecommendationJson(json), {
    blockSeparator: '\n\n',
    textSerializers: getTextSerializersFromSchema(accordSchema),
  }).trim();
}
