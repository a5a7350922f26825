import { escapeHtmlAttribute as attr, escapeHtmlText as text, isPublicLinkTarget, type DiffBlock, type DiffMark, type DiffNode, type DiffText, type StructuralDiff } from '@accord/editor';
import type { Language } from '@accord/i18n';
import { translate } from '../../../common/i18n/translator';

/**
 * A structural diff (libs/editor, the one the version history shows) as static HTML, in the
 * markup of the history's inline diff view: blocks with their change, <ins> and <del> around
 * changed runs with spoken markers, moves and kind changes named. No author is named on public
 * pages. Everything is escaped; links are shown, not followed.
 */
export function structuralDiffHtml(diff: StructuralDiff, language: Language): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(language, key, params);
  const summary = `<p class="diff-view__summary">${text(t('server.publishing.diff.wordsAdded', { count: diff.wordsAdded }))}, ${text(t('server.publishing.diff.wordsRemoved', { count: diff.wordsRemoved }))}${
    diff.moves > 0 ? ` · ${text(t('server.publishing.diff.moves', { count: diff.moves }))}` : ''
  }</p>`;
  const legend = `<p class="diff-legend__key"><ins class="diff-ins">${text(t('server.publishing.public.inserted'))}</ins> <del class="diff-del">${text(t('server.publishing.public.deleted'))}</del> <span class="diff-format">${text(t('server.publishing.diff.formatted'))}</span></p>`;

  const run = (node: DiffText): string => {
    const marks = node.marks;
    const body = node.hardBreak ? '<br>' : withMarks(node.text, marks);
    if (node.change === 'equal') return body;
    if (node.change === 'format') return `<span class="diff-format"><span class="visually-hidden">[${text(t('server.publishing.diff.formatted'))}] </span>${body}</span>`;
    const inserted = node.change === 'insert';
    const tag = inserted ? 'ins' : 'del';
    const opens = t(inserted ? 'server.publishing.public.inserted' : 'server.publishing.public.deleted');
    const ends = t(inserted ? 'server.publishing.diff.insertionEnds' : 'server.publishing.diff.deletionEnds');
    return `<${tag} class="diff-${tag}"><span class="visually-hidden">[${text(opens)}: </span>${body}<span class="visually-hidden"> ${text(ends)}]</span></${tag}>`;
  };

  const block = (node: DiffBlock): string => {
    const container = ['table', 'tableRow', 'bulletList', 'orderedList'].includes(node.type);
    let badge = '';
    if (!container && node.change === 'move-from') badge = `<span class="diff-badge">${text(t('server.publishing.diff.movedFrom', { number: node.moveId ?? 0 }))}</span> `;
    if (!container && node.change === 'move-to') badge = `<span class="diff-badge">${text(t('server.publishing.diff.movedTo', { number: node.moveId ?? 0 }))}</span> `;
    if (!container && (node.change === 'insert' || node.change === 'delete')) badge = `<span class="visually-hidden">[${text(t(node.change === 'insert' ? 'server.publishing.public.inserted' : 'server.publishing.public.deleted'))}] </span>`;
    const inner = badge + node.children.map((child: DiffNode) => (child.node === 'text' ? run(child) : block(child))).join('');
    const classes = `diff-block diff-block--${node.change}`;
    const lang = typeof node.attrs.lang === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(node.attrs.lang) ? ` lang="${attr(node.attrs.lang)}"` : '';
    switch (node.type) {
      case 'heading': {
        const level = Math.min(Math.max(Number(node.attrs.level ?? 1), 1), 3) + 1;
        return `<h${level} class="${classes}"${lang}>${inner}</h${level}>`;
      }
      case 'bulletList':
        return `<ul class="${classes}">${inner}</ul>`;
      case 'orderedList':
        return `<ol class="${classes}">${inner}</ol>`;
      case 'listItem':
        return `<li class="${classes}"${lang}>${inner}</li>`;
      case 'blockquote':
        return `<blockquote class="${classes}"${lang}>${inner}</blockquote>`;
      case 'codeBlock':
        return `<pre class="${classes}"><code>${inner}</code></pre>`;
      case 'horizontalRule':
        return `<hr class="${classes}">`;
      case 'table':
        return `<table class="${classes}"><tbody>${inner}</tbody></table>`;
      case 'tableRow':
        return `<tr class="${classes}">${inner}</tr>`;
      case 'tableHeader':
        return `<th class="${classes}" scope="col">${inner}</th>`;
      case 'tableCell':
        return `<td class="${classes}">${inner}</td>`;
      default:
        return `<p class="${classes}"${lang}>${inner}</p>`;
    }
  };

  const unchanged = diff.wordsAdded + diff.wordsRemoved + diff.moves + diff.formatChanges === 0 && diff.blocks.every((node) => node.change === 'equal');
  const body = unchanged ? `<p>${text(t('server.publishing.diff.same'))}</p>` : `<div class="diff-view__text diff-view__text--inline">${diff.blocks.map(block).join('\n')}</div>`;
  return `<div class="diff-view">${summary}${legend}${body}</div>`;
}

function withMarks(value: string, marks: readonly DiffMark[]): string {
  let html = text(value);
  for (const mark of marks) {
    if (mark.type === 'bold') html = `<strong>${html}</strong>`;
    else if (mark.type === 'italic') html = `<em>${html}</em>`;
    else if (mark.type === 'strike') html = `<s>${html}</s>`;
    else if (mark.type === 'code') html = `<code>${html}</code>`;
    // Shown, not followed (as in the history's view); the target is named when it is a public one.
    else if (mark.type === 'link') html = `<span class="diff-link"${isPublicLinkTarget(mark.attrs?.href) ? ` title="${attr(mark.attrs.href)}"` : ''}>${html}</span>`;
  }
  return html;
}
