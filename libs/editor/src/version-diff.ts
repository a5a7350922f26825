import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';

/** One run of a sequence diff: kept, inserted (only in the later text) or deleted (only in the earlier). */
export interface DiffRun<T> {
  kind: 'equal' | 'insert' | 'delete';
  items: T[];
}

/** Above this many differences a diff gives up finding the shortest script and replaces the middle whole. */
const MAX_EDIT_DISTANCE = 4000;

/**
 * The shortest edit script between two sequences (Myers' O(ND) algorithm) after trimming their
 * common start and end, as runs of equal, inserted and deleted items compared by `key`.
 */
export function diffSequences<T>(before: readonly T[], after: readonly T[], key: (item: T) => string): DiffRun<T>[] {
  const a = before.map(key);
  const b = after.map(key);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: ('equal' | 'insert' | 'delete')[] = [];
  const middle = middleScript(a.slice(start, endA), b.slice(start, endB));
  for (let i = 0; i < start; i++) ops.push('equal');
  ops.push(...middle);
  for (let i = endA; i < a.length; i++) ops.push('equal');

  const runs: DiffRun<T>[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    const item = op === 'insert' ? after[j++] : before[i++];
    if (op === 'equal') j++;
    const last = runs[runs.length - 1];
    if (last && last.kind === op) last.items.push(item);
    else runs.push({ kind: op, items: [item] });
  }
  return runs;
}

/** Myers' greedy forward search with the traces kept for the walk back. */
function middleScript(a: string[], b: string[]): ('equal' | 'insert' | 'delete')[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return new Array<'insert'>(m).fill('insert');
  if (m === 0) return new Array<'delete'>(n).fill('delete');
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const traces: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    traces.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return walkBack([...traces, next], a, b, offset, d);
    }
    v = next;
  }
  // Too different to be worth the search: everything in the middle was replaced.
  return [...new Array<'delete'>(n).fill('delete'), ...new Array<'insert'>(m).fill('insert')];
}

function walkBack(traces: Int32Array[], a: string[], b: string[], offset: number, distance: number): ('equal' | 'insert' | 'delete')[] {
  const ops: ('equal' | 'insert' | 'delete')[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = distance; d > 0; d--) {
    const v = traces[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = v[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push('equal');
      x--;
      y--;
    }
    ops.push(down ? 'insert' : 'delete');
    if (down) y--;
    else x--;
  }
  while (x > 0 && y > 0) {
    ops.push('equal');
    x--;
    y--;
  }
  return ops.reverse();
}

/** A word or the white space between words, with where it starts in its text. */
export interface WordToken {
  text: string;
  start: number;
}

export function tokenizeWords(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(/\s+|[^\s]+/gu)) tokens.push({ text: match[0], start: match.index });
  return tokens;
}

const isWord = (token: WordToken): boolean => /\S/u.test(token.text);

/** Words added and removed between two texts, by a word-level diff (white space does not count). */
export function countWordChanges(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const run of diffSequences(tokenizeWords(before), tokenizeWords(after), (token) => token.text)) {
    const words = run.items.filter(isWord).length;
    if (run.kind === 'insert') added += words;
    if (run.kind === 'delete') removed += words;
  }
  return { added, removed };
}

/** The text of a TipTap block, its descendants' text joined in document order with no separator. */
export function blockText(block: JSONContent): string {
  if (typeof block.text === 'string') return block.text;
  return (block.content ?? []).map(blockText).join('');
}

/** The text of a whole document, blocks separated by a line break (for word counts). */
export function documentText(doc: JSONContent): string {
  return (doc.content ?? []).map(blockText).join('\n');
}

/**
 * Per UTF-16 unit of a Yjs block's text (in the order `blockText` reads the same block), the
 * Yjs client that inserted it: the server maps clients to members through its authorship records.
 */
export function textClientsOf(element: Y.XmlElement | Y.XmlText): number[] {
  return textUnitsOf(element).clients;
}

/** The Yjs id of each UTF-16 unit of a block's text (as `textClientsOf` orders them): its client and clock. */
export interface TextUnits {
  clients: number[];
  clocks: number[];
}

export function textUnitsOf(element: Y.XmlElement | Y.XmlText, units: TextUnits = { clients: [], clocks: [] }): TextUnits {
  if (element instanceof Y.XmlText) {
    for (let item = element._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      for (let i = 0; i < item.length; i++) {
        units.clients.push(item.id.client);
        units.clocks.push(item.id.clock + i);
      }
    }
    return units;
  }
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement || child instanceof Y.XmlText) textUnitsOf(child, units);
  }
  return units;
}

/** The top-level blocks of a recommendation's Y.Doc, in order. */
export function topLevelBlocks(doc: Y.Doc): (Y.XmlElement | Y.XmlText)[] {
  return doc
    .getXmlFragment(DOCUMENT_FRAGMENT)
    .toArray()
    .filter((child): child is Y.XmlElement | Y.XmlText => child instanceof Y.XmlElement || child instanceof Y.XmlText);
}

/**
 * Turns the live fragment's top-level blocks into the target's, as new Yjs operations on the live
 * document: blocks equal in both (same structure, text, marks and attributes) are kept untouched,
 * so comment anchors and authorship in them survive; only the others are deleted or inserted (as
 * copies of the target's blocks). Run it inside one transaction. Returns how many blocks changed.
 */
export function rewriteBlocksTo(live: Y.Doc, target: Y.Doc): { deleted: number; inserted: number } {
  const fragment = live.getXmlFragment(DOCUMENT_FRAGMENT);
  const current = fragment.toArray();
  const wanted = target.getXmlFragment(DOCUMENT_FRAGMENT).toArray();
  const key = (block: (typeof current)[number]): string => block.toString();
  const runs = diffSequences(
    current.map((block, index) => ({ block, index })),
    wanted.map((block, index) => ({ block, index })),
    (entry) => key(entry.block),
  );
  const deletions = runs.filter((run) => run.kind === 'delete').flatMap((run) => run.items.map((entry) => entry.index));
  // From the end, so that earlier indexes stay valid.
  for (const index of deletions.sort((x, y) => y - x)) fragment.delete(index, 1);
  // What is left equals the kept blocks in order; inserting the rest at their target index yields the target.
  const insertions = runs.filter((run) => run.kind === 'insert').flatMap((run) => run.items.map((entry) => entry.index));
  for (const index of insertions.sort((x, y) => x - y)) {
    const block = wanted[index];
    if (block instanceof Y.XmlElement || block instanceof Y.XmlText) fragment.insert(index, [block.clone()]);
  }
  return { deleted: deletions.length, inserted: insertions.length };
}
