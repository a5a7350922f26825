import type { JSONContent } from '@tiptap/core';
import { isPublicLinkTarget } from './public-content';

/**
 * Renders a recommendation's TipTap JSON as CommonMark with GitHub tables. Text is escaped so that
 * nothing in it becomes markup; links other than http(s) and mailto lose their target.
 */
export function prosemirrorJsonToMarkdown(doc: JSONContent): string {
  return blocks(doc.content ?? [], '').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

function blocks(nodes: readonly JSONContent[], indent: string): string {
  return nodes.map((node) => block(node, indent)).filter((text) => text !== '').join('\n\n');
}

function block(node: JSONContent, indent: string): string {
  switch (node.type) {
    case 'heading':
      return `${indent}${'#'.repeat(Number(node.attrs?.level ?? 1))} ${inline(node.content ?? [])}`;
    case 'paragraph':
      return indent + inline(node.content ?? []).replace(/\n/g, `\n${indent}`);
    case 'blockquote':
      return blocks(node.content ?? [], '')
        .split('\n')
        .map((line) => `${indent}> ${line}`.trimEnd())
        .join('\n');
    case 'bulletList':
    case 'orderedList': {
      const start = Number(node.attrs?.start ?? 1);
      return (node.content ?? [])
        .map((item, index) => {
          const marker = node.type === 'bulletList' ? '- ' : `${start + index}. `;
          const body = blocks(item.content ?? [], indent + ' '.repeat(marker.length));
          return indent + marker + body.slice(indent.length + marker.length);
        })
        .join('\n');
    }
    case 'codeBlock': {
      const text = (node.content ?? []).map((child) => child.text ?? '').join('');
      const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
      return `${indent}${fence}\n${text}\n${fence}`;
    }
    case 'horizontalRule':
      return `${indent}---`;
    case 'table':
      return table(node, indent);
    default:
      return blocks(node.content ?? [], indent);
  }
}

function table(node: JSONContent, indent: string): string {
  const rows = (node.content ?? []).map((row) => (row.content ?? []).map((cell) => cellText(cell)));
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((row) => row.length));
  const line = (cells: string[]) => `${indent}| ${Array.from({ length: width }, (_, index) => cells[index] ?? '').join(' | ')} |`;
  return [line(rows[0]), `${indent}|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
}

function cellText(cell: JSONContent): string {
  return (cell.content ?? []).map((child) => inline(child.content ?? [])).join('<br>').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function inline(nodes: readonly JSONContent[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '  \n';
      if (node.type !== 'text' || typeof node.text !== 'string') return inline(node.content ?? []);
      const marks = node.marks ?? [];
      const has = (type: string) => marks.some((mark) => mark.type === type);
      if (has('code')) {
        const fence = '`'.repeat(longestRun(node.text, '`') + 1);
        return wrapLink(`${fence}${node.text.startsWith('`') ? ' ' : ''}${node.text}${node.text.endsWith('`') ? ' ' : ''}${fence}`, marks);
      }
      // Emphasis markers hug the words; white space at the edges stays outside them.
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(node.text) ?? ['', '', node.text, ''];
      if (core === '') return node.text;
      let text = escapeText(core);
      if (has('bold')) text = `**${text}**`;
      if (has('italic')) text = `*${text}*`;
      if (has('strike')) text = `~~${text}~~`;
      return lead + wrapLink(text, marks) + trail;
    })
    .join('');
}

function wrapLink(text: string, marks: readonly { type: string; attrs?: Record<string, unknown> }[]): string {
  const link = marks.find((mark) => mark.type === 'link');
  const href = link?.attrs?.href;
  if (!isPublicLinkTarget(href)) return text;
  return `[${text}](<${href.replace(/[<>\s]/g, (character) => encodeURIComponent(character))}>)`;
}

/** Backslash-escapes every character CommonMark could read as markup, and HTML's angle brackets. */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~<>&]/g, (character) => `\\${character}`)
    .replace(/\n/g, ' ');
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const each of text) {
    current = each === character ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
