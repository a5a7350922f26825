import type { CommentBody, CommentInline, CommentMark } from '@accord/contracts';
import type { ReactNode } from 'react';

/** The body back as text to edit; a mention reads as @Name. */
export function plainTextOfBody(body: CommentBody): string {
  return body.content
    .map((paragraph) => (paragraph.content ?? []).map((node) => (node.type === 'text' ? node.text : node.type === 'mention' ? `@${node.attrs.label}` : '\n')).join(''))
    .join('\n');
}

/** Renders a checked body node by node: React elements only, never HTML from the wire. */
export function CommentBodyView({ body }: { body: CommentBody }) {
  return (
    <div className="comment__body">
      {body.content.map((paragraph, index) => (
        <p key={index}>{(paragraph.content ?? []).map((node, nodeIndex) => inline(node, nodeIndex))}</p>
      ))}
    </div>
  );
}

function inline(node: CommentInline, key: number): ReactNode {
  if (node.type === 'hardBreak') return <br key={key} />;
  if (node.type === 'mention') return <span key={key} className="comment__mention" data-member-id={node.attrs.memberId}>@{node.attrs.label}</span>;
  return <span key={key}>{(node.marks ?? []).reduceRight<ReactNode>((inner, mark) => withMark(inner, mark), node.text)}</span>;
}

function withMark(inner: ReactNode, mark: CommentMark): ReactNode {
  if (mark.type === 'bold') return <strong>{inner}</strong>;
  if (mark.type === 'italic') return <em>{inner}</em>;
  // The server let only http(s) and mailto through; rel keeps the opened page from reaching back.
  return <a href={mark.attrs.href} rel="noopener noreferrer nofollow" target="_blank">{inner}</a>;
}
