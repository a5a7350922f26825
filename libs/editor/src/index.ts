export { accordExtensions, accordSchema, HEADING_LEVELS, type HeadingLevel } from './accord-extensions';
export {
  encodeProsemirrorJsonAsUpdate,
  parseRecommendationJson,
  prosemirrorJsonToYDoc,
  writeProsemirrorJsonToYDoc,
  yDocToProsemirrorJson,
} from './yjs-conversion';
export { prosemirrorJsonToHtml } from './html-serialization';
export { PassageLanguage, PASSAGE_LANGUAGE_TYPES } from './passage-language';
export { plainTextOf } from './plain-text';
export type { JSONContent } from '@tiptap/core';
