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
export { isAccordNodeName, MAX_NESTING_DEPTH } from './document-limits';
export { plainTextOf } from './plain-text';
export type { JSONContent } from '@tiptap/core';
export { createThreadAnchor, renderFragment, resolveThreadAnchor, type AnchorResolution, type RenderedFragment, type ThreadAnchor, type YProsemirrorMapping } from './thread-anchor';
export {
  blockText,
  countWordChanges,
  diffDocuments,
  diffSequences,
  documentText,
  rewriteBlocksTo,
  textClientsOf,
  tokenizeWords,
  topLevelBlocks,
  type BlockChange,
  type DiffRun,
  type WordChange,
  type WordToken,
} from './version-diff';
export { isPublicLinkTarget, withPublicLinksOnly } from './public-content';
export { prosemirrorJsonToMarkdown } from './markdown-serialization';
export { escapeHtmlAttribute, escapeHtmlText } from './string-dom';
