import { COMMENT_LIMITS, type CommentBody, type CommentInline, type CommentMark, type CommentParagraph } from '@accord/contracts';

/** The composer's document as TipTap's getJSON gives it: only the parts read here are typed. */
export interface ComposerNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: ComposerNode[];
}

/** What the server takes as a link (the same rule as its check): the web or a mail address. */
const LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

/**
 * The composer's document as the comment body the server expects: paragraphs of text (bold,
 * italic, links), mentions and line breaks, with TipTap's extra attributes (a link's target and
 * rel, say) left out, since the server refuses keys it does not know. Empty paragraphs at the
 * start and the end are dropped; null when nothing but white space was written.
 */
export function commentBodyOfComposer(doc: ComposerNode): CommentBody | null {
  const paragraphs: CommentParagraph[] = (doc.content ?? []).map((block) => {
    const content = (block.content ?? []).flatMap((node): CommentInline[] => inlineOf(node));
    return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
  });
  const blank = (paragraph: CommentParagraph): boolean =>
    (paragraph.content ?? []).every((node) => node.type === 'hardBreak' || (node.type === 'text' && node.text.trim() === ''));
  while (paragraphs.length > 0 && blank(paragraphs[0]!)) paragraphs.shift();
  while (paragraphs.length > 0 && blank(paragraphs.at(-1)!)) paragraphs.pop();
  return paragraphs.length > 0 ? { type: 'doc', content: paragraphs } : null;
}

function inlineOf(node: ComposerNode): CommentInline[] {
  if (node.type === 'hardBreak') return [{ type: 'hardBreak' }];
  if (node.type === 'mention') {
    const memberId = node.attrs?.memberId;
    const label = node.attrs?.label;
    return typeof memberId === 'string' ? [{ type: 'mention', attrs: { memberId, label: typeof label === 'string' ? label : '' } }] : [];
  }
  if (node.type === 'text' && typeof node.text === 'string' && node.text !== '') {
    const marks = (node.marks ?? []).flatMap((mark): CommentMark[] => {
      if (mark.type === 'bold' || mark.type === 'italic') return [{ type: mark.type }];
      const href = mark.attrs?.href;
      if (mark.type === 'link' && typeof href === 'string' && LINK.test(href) && href.length <= COMMENT_LIMITS.linkLength) return [{ type: 'link', attrs: { href } }];
      return [];
    });
    return [marks.length > 0 ? { type: 'text', text: node.text, marks } : { type: 'text', text: node.text }];
  }
  return [];
}
