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
  diffSequences,
  documentText,
  rewriteBlocksTo,
  textClientsOf,
  textUnitsOf,
  type TextUnits,
  tokenizeWords,
  topLevelBlocks,
  type DiffRun,
  type WordToken,
} from './version-diff';
export { isPublicLinkTarget, withPublicLinksOnly } from './public-content';
export { prosemirrorJsonToMarkdown } from './markdown-serialization';
export { escapeHtmlAttribute, escapeHtmlText } from './string-dom';
export { diffStructure, nodeKey, type DiffAuthorship, type DiffBlock, type DiffMark, type DiffNode, type DiffText, type StructuralDiff } from './structural-diff';
export { passageBoundsOf, passageRangeOf, passageViolation, type PassageBound, type PassageBounds } from './amendment-passage';
export { writeTypedTextAtCaret } from './typed-text-placement';
