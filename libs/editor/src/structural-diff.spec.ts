import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffStructure, nodeKey, type DiffBlock, type DiffNode, type DiffText } from './structural-diff';
import { RECOMMENDATION_FIXTURE } from './recommendation-fixture';

const text = (value: string, marks?: JSONContent['marks']): JSONContent => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const paragraph = (...content: (string | JSONContent)[]): JSONContent => ({ type: 'paragraph', content: content.map((part) => (typeof part === 'string' ? text(part) : part)) });
const item = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content });
const bullets = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items });
const cell = (value: string): JSONContent => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(value)] });
const table = (...rows: string[][]): JSONContent => ({ type: 'table', content: rows.map((row) => ({ type: 'tableRow', content: row.map(cell) })) });
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

/** Every block of the diff, depth first, with its depth. */
function flatten(nodes: readonly DiffNode[], depth = 0): { block: DiffBlock; depth: number }[] {
  return nodes.flatMap((node) => (node.node === 'block' ? [{ block: node, depth }, ...flatten(node.children, depth + 1)] : []));
}
const runsOf = (block: DiffBlock): DiffText[] => block.children.filter((child): child is DiffText => child.node === 'text');
const changedRuns = (nodes: readonly DiffNode[]): string[] =>
  flatten(nodes).flatMap(({ block }) => runsOf(block).filter((run) => run.change !== 'equal').map((run) => `${run.change}:${run.text}`));

describe('structural diff', () => {
  it('finds nothing between a document and a copy of it with its JSON keys in another order', () => {
    const reordered = JSON.parse(JSON.stringify(RECOMMENDATION_FIXTURE), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as JSONContent;
    const diff = diffStructure(RECOMMENDATION_FIXTURE, reordered);
    expect(diff.blocks.every((block) => block.change === 'equal')).toBe(true);
    expect([diff.wordsAdded, diff.wordsRemoved, diff.moves, diff.formatChanges]).toEqual([0, 0, 0, 0]);
    expect(nodeKey({ a: 1, b: [2] })).toBe(nodeKey({ b: [2], a: 1 }));
  });

  it('reads a moved paragraph as a move from its old place to its new one, its words unchanged', () => {
    const diff = diffStructure(
      doc(paragraph('Towns fund youth councils.'), paragraph('Councils meet monthly.'), paragraph('Schools take part.')),
      doc(paragraph('Councils meet monthly.'), paragraph('Schools take part.'), paragraph('Towns fund youth councils.')),
      { insertedBy: [[], [], new Array<string>(26).fill('ana')] },
    );
    expect(diff.blocks.map((block) => block.change)).toEqual(['move-from', 'equal', 'equal', 'move-to']);
    expect(diff.blocks[0].moveId).toBe(diff.blocks[3].moveId);
    expect(changedRuns(diff.blocks)).toEqual([]);
    expect(diff.blocks[3].authors).toEqual(['ana']);
    expect([diff.moves, diff.wordsAdded, diff.wordsRemoved]).toEqual([1, 0, 0]);
  });

  it('narrows a change to one table cell down to the cell and its words', () => {
    const diff = diffStructure(
      doc(paragraph('Budget'), table(['Town', 'Budget'], ['Ptuj', '50 euro'], ['Kranj', '40 euro'])),
      doc(paragraph('Budget'), table(['Town', 'Budget'], ['Ptuj', '80 euro'], ['Kranj', '40 euro'])),
    );
    expect(diff.blocks.map((block) => block.change)).toEqual(['equal', 'modify']);
    const changed = flatten(diff.blocks).filter(({ block }) => block.change !== 'equal');
    expect(changed.map(({ block }) => block.type)).toEqual(['table', 'tableRow', 'tableCell', 'paragraph']);
    const row = diff.blocks[1].children as DiffBlock[];
    expect(row.map((r) => r.change)).toEqual(['equal', 'modify', 'equal']);
    expect((row[1].children as DiffBlock[]).map((c) => c.change)).toEqual(['equal', 'modify']);
    expect(changedRuns(diff.blocks)).toEqual(['delete:50', 'insert:80']);
  });

  it('sees a mark added as a format change on the same words, not new words', () => {
    const diff = diffStructure(doc(paragraph('Fund youth councils now')), doc(paragraph('Fund ', text('youth councils', [{ type: 'bold' }]), ' now')));
    const runs = runsOf(diff.blocks[0]);
    expect(runs.map((run) => `${run.change}:${run.text}`)).toEqual(['equal:Fund ', 'format:youth councils', 'equal: now']);
    expect(runs[1].marks).toEqual([{ type: 'bold' }]);
    expect(runs[1].marksBefore).toEqual([]);
    expect([diff.formatChanges, diff.wordsAdded, diff.wordsRemoved]).toEqual([1, 0, 0]);
  });

  it('sees a list item re-nested under the one before as moved into a new sub-list', () => {
    const before = doc(bullets(item(paragraph('Elect a council')), item(paragraph('Give it a budget')), item(paragraph('Report yearly'))));
    const after = doc(bullets(item(paragraph('Elect a council'), bullets(item(paragraph('Give it a budget')))), item(paragraph('Report yearly'))));
    const diff = diffStructure(before, after);
    const blocks = flatten(diff.blocks).map(({ block, depth }) => `${depth}:${block.type}:${block.change}`);
    expect(blocks).toEqual([
      '0:bulletList:modify',
      '1:listItem:modify',
      '2:paragraph:equal',
      '2:bulletList:insert',
      '3:listItem:move-to',
      '4:paragraph:equal',
      '1:listItem:move-from',
      '2:paragraph:equal',
      '1:listItem:equal',
      '2:paragraph:equal',
    ]);
    expect(changedRuns(diff.blocks)).toEqual([]);
    expect([diff.moves, diff.wordsAdded, diff.wordsRemoved]).toEqual([1, 0, 0]);
  });

  it('keeps a paragraph that became a heading as one block, with what it was', () => {
    const diff = diffStructure(doc(paragraph('Measures')), doc({ type: 'heading', attrs: { level: 2 }, content: [text('Measures')] }));
    expect(diff.blocks[0]).toMatchObject({ change: 'modify', type: 'heading', before: { type: 'paragraph' } });
  });

  it('compares words inside a changed paragraph and names who inserted and who deleted them', () => {
    const before = doc(paragraph('Intro'), paragraph('Towns should fund councils.'));
    const after = doc(paragraph('Intro'), paragraph('Towns and regions should fund youth councils.'));
    const inserted = 'Towns and regions should fund youth councils.';
    const insertedBy = [[], [...inserted].map((_, unit) => (unit >= 6 && unit < 17 ? 'ana' : unit >= 30 && unit < 35 ? 'bor' : null))];
    const diff = diffStructure(before, after, { insertedBy, deletedBy: [[], []] });
    const runs = runsOf(diff.blocks[1]).filter((run) => run.change !== 'equal');
    expect(runs.map((run) => [run.change, run.text.trim(), run.authors])).toEqual([
      ['insert', 'and regions', ['ana']],
      ['insert', 'youth', ['bor']],
    ]);
    expect(diff.authors).toEqual(['ana', 'bor']);
  });

  it('names the member who deleted words, where known', () => {
    const before = doc(paragraph('Fund the councils every year'));
    const after = doc(paragraph('Fund the councils'));
    const deletedBy = [[...'Fund the councils every year'].map((_, unit) => (unit >= 17 ? 'cene' : null))];
    const diff = diffStructure(before, after, { deletedBy });
    const deleted = runsOf(diff.blocks[0]).filter((run) => run.change === 'delete');
    expect(deleted.map((run) => [run.text, run.authors])).toEqual([[' every year', ['cene']]]);
    expect(diff.wordsRemoved).toBe(2);
  });

  it('shows a new paragraph as inserted and a removed one as deleted where they stood', () => {
    const diff = diffStructure(doc(paragraph('One'), paragraph('Two'), paragraph('Three')), doc(paragraph('One'), paragraph('Three'), paragraph('Four words in here')));
    expect(diff.blocks.map((block) => `${block.change}:${runsOf(block).map((run) => run.text).join('')}`)).toEqual(['equal:One', 'delete:Two', 'equal:Three', 'insert:Four words in here']);
    expect([diff.wordsAdded, diff.wordsRemoved]).toEqual([4, 1]);
  });
});
