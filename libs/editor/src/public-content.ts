import type { JSONContent } from '@tiptap/core';

/** The link targets a published text keeps: web pages and e-mail addresses. */
const ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;

export function isPublicLinkTarget(href: unknown): href is string {
  // Control characters and white space inside a scheme are how "java\tscript:" slips past naive checks.
  return typeof href === 'string' && ALLOWED_LINK.test(href) && !/[\u0000-\u001f\u007f]/.test(href);
}

/**
 * A copy of a text fit for publishing: link marks whose target is not http(s) or mailto are
 * dropped (their text stays), so no exported or public page carries a `javascript:`, `data:` or
 * `file:` link, whatever the editor let through.
 */
export function withPublicLinksOnly(json: JSONContent): JSONContent {
  const copy: JSONContent = { ...json };
  if (json.marks) copy.marks = json.marks.filter((mark) => mark.type !== 'link' || isPublicLinkTarget(mark.attrs?.href));
  if (json.content) copy.content = json.content.map(withPublicLinksOnly);
  return copy;
}
