import type { JSONContent } from '@tiptap/core';
import { diffSequences } from './version-diff';

/** A mark as TipTap writes it in JSON (bold, italic, link with its attributes…). */
export interface DiffMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/**
 * A run of inline content: kept, inserted, deleted, or kept with other marks ("format").
 * `authors` names who inserted the run (insert, move) or deleted it (delete), where known.
 */
export interface DiffText {
  node: 'text';
  change: 'equal' | 'insert' | 'delete' | 'format';
  text: string;
  /** The run's marks on its own side: the later text's, or the earlier text's for a deletion. */
  marks: DiffMark[];
  /** For "format": the marks the same words had before. */
  marksBefore?: DiffMark[];
  /** A line break inside a paragraph (its text is "\n"). */
  hardBreak?: true;
  authors: string[];
}

/**
 * A node of the document tree and what happened to it. "modify" means both texts have the node
 * (possibly with another type or attributes, kept in `before`) and its children differ; a moved
 * block appears twice, as "move-from" where it was and "move-to" where it is, with one `moveId`.
 */
export interface DiffBlock {
  node: 'block';
  type: string;
  attrs: Record<string, unknown>;
  change: 'equal' | 'insert' | 'delete' | 'modify' | 'move-from' | 'move-to';
  before?: { type: string; attrs: Record<string, unknown> };
  moveId?: number;
  /** For moves: who moved the block (inserted it at its new place, or deleted it at its old one), where known. */
  authors?: string[];
  children: DiffNode[];
}

export type DiffNode = DiffBlock | DiffText;

export interface StructuralDiff {
  /** The top-level blocks of both texts, in reading order (deleted blocks where they stood). */
  blocks: DiffBlock[];
  wordsAdded: number;
  wordsRemoved: number;
  moves: number;
  formatChanges: number;
  /** Every author key named in the diff, in order of first appearance. */
  authors: string[];
}

/**
 * Who wrote and who deleted the text, per top-level block and per UTF-16 unit of that block's
 * text (its descendants' text in document order, as `blockText` reads it). Keys are whatever the
 * caller names authors by (the server uses member ids); null where unknown.
 */
export interface DiffAuthorship {
  /** Per top-level block of the later text: who inserted each unit. */
  insertedBy?: readonly (readonly (string | null)[])[];
  /** Per top-level block of the earlier text: who deleted each unit (units that survive are ignored). */
  deletedBy?: readonly (readonly (string | null)[])[];
}

/** Block types that may stand for one another when a block changed kind (a paragraph became a heading). */
const KINDRED_TYPES: readonly (readonly string[])[] = [
  ['paragraph', 'heading', 'codeBlock'],
  ['bulletList', 'orderedList'],
  ['tableCell', 'tableHeader'],
];
/** Word overlap above which a deleted and an inserted block are read as one block changed. */
const SIMILAR_BLOCKS = 0.5;

interface TextPlace {
  block: number;
  start: number;
}

/** One side of the comparison: where each text node sits, and who inserted or deleted each unit. */
interface Side {
  places: Map<JSONContent, TextPlace>;
  authorsByBlock: readonly (readonly (string | null)[])[];
}

interface Token {
  text: string;
  marks: DiffMark[];
  hardBreak: boolean;
  place: TextPlace | null;
}

/**
 * A structural diff of two TipTap documents. It walks the tree: blocks are matched by their
 * exact content, a deleted and an inserted block of a kindred type that share enough words are
 * read as one block changed and compared in turn (lists, list items, tables, rows, cells), text
 * blocks are compared word by word with their marks (a mark added is a format change, not a new
 * word), and a block deleted in one place and inserted unchanged in another is a move (so a list
 * item re-nested under another is a move, not a deletion and an unrelated insertion).
 */
export function diffStructure(before: JSONContent, after: JSONContent, authorship: DiffAuthorship = {}): StructuralDiff {
  const context: DiffContext = {
    before: { places: textPlaces(before), authorsByBlock: authorship.deletedBy ?? [] },
    after: { places: textPlaces(after), authorsByBlock: authorship.insertedBy ?? [] },
    sources: new Map(),
    nextMoveId: 1,
  };
  const blocks = diffBlockLists(before.content ?? [], after.content ?? [], context);
  const moves = detectMoves(blocks, context);
  const summary = { wordsAdded: 0, wordsRemoved: 0, formatChanges: 0, authors: new Set<string>() };
  summarise(blocks, summary);
  return { blocks, wordsAdded: summary.wordsAdded, wordsRemoved: summary.wordsRemoved, moves, formatChanges: summary.formatChanges, authors: [...summary.authors] };
}

interface DiffContext {
  before: Side;
  after: Side;
  /** The JSON node an inserted or deleted block was made from, for move detection. */
  sources: Map<DiffBlock, JSONContent>;
  nextMoveId: number;
}

function textPlaces(doc: JSONContent): Map<JSONContent, TextPlace> {
  const places = new Map<JSONContent, TextPlace>();
  (doc.content ?? []).forEach((block, index) => {
    let offset = 0;
    const walk = (node: JSONContent): void => {
      if (typeof node.text === 'string') {
        places.set(node, { block: index, start: offset });
        offset += node.text.length;
        return;
      }
      for (const child of node.content ?? []) walk(child);
    };
    walk(block);
  });
  return places;
}

const keys = new WeakMap<object, string>();

/** A key equal for equal nodes whatever the order of their JSON keys (stored JSON may come back reordered). */
export function nodeKey(node: unknown): string {
  if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'null';
  const known = keys.get(node);
  if (known !== undefined) return known;
  const key = Array.isArray(node)
    ? `[${node.map(nodeKey).join(',')}]`
    : `{${Object.keys(node)
        .filter((name) => (node as Record<string, unknown>)[name] !== undefined)
        .sort()
        .map((name) => `${JSON.stringify(name)}:${nodeKey((node as Record<string, unknown>)[name])}`)
        .join(',')}}`;
  keys.set(node, key);
  return key;
}

function diffBlockLists(before: readonly JSONContent[], after: readonly JSONContent[], context: DiffContext): DiffBlock[] {
  const runs = diffSequences(before, after, nodeKey);
  const result: DiffBlock[] = [];
  let deleted: JSONContent[] = [];
  let inserted: JSONContent[] = [];
  let j = 0;
  const flushGap = () => {
    result.push(...diffGap(deleted, inserted, context));
    deleted = [];
    inserted = [];
  };
  for (const run of runs) {
    if (run.kind === 'equal') {
      flushGap();
      // Equal runs carry the earlier text's nodes; render the later text's (identical) ones.
      for (let k = 0; k < run.items.length; k++) result.push(wholeBlock(after[j + k], 'equal', context.after));
      j += run.items.length;
    } else if (run.kind === 'delete') {
      deleted.push(...run.items);
    } else {
      inserted.push(...run.items);
      j += run.items.length;
    }
  }
  flushGap();
  return result;
}

/** Deleted and inserted blocks between two kept ones: pairs of the same block changed, the rest as they are. */
function diffGap(deleted: readonly JSONContent[], inserted: readonly JSONContent[], context: DiffContext): DiffBlock[] {
  const pairs: [number, number][] = [];
  let nextInserted = 0;
  for (let d = 0; d < deleted.length; d++) {
    for (let i = nextInserted; i < inserted.length; i++) {
      const oneForOne = deleted.length === 1 && inserted.length === 1;
      if (kindred(deleted[d], inserted[i]) && (oneForOne || similarity(deleted[d], inserted[i]) >= SIMILAR_BLOCKS)) {
        pairs.push([d, i]);
        nextInserted = i + 1;
        break;
      }
    }
  }
  const result: DiffBlock[] = [];
  let d = 0;
  let i = 0;
  const removed = (node: JSONContent) => sourced(wholeBlock(node, 'delete', context.before), node, context);
  const added = (node: JSONContent) => sourced(wholeBlock(node, 'insert', context.after), node, context);
  for (const [pairedD, pairedI] of pairs) {
    while (d < pairedD) result.push(removed(deleted[d++]));
    while (i < pairedI) result.push(added(inserted[i++]));
    result.push(changedBlock(deleted[d++], inserted[i++], context));
  }
  while (d < deleted.length) result.push(removed(deleted[d++]));
  while (i < inserted.length) result.push(added(inserted[i++]));
  return result;
}

/** Remembers the JSON a whole inserted or deleted block (and each block inside it) was made from. */
function sourced(block: DiffBlock, node: JSONContent, context: DiffContext): DiffBlock {
  context.sources.set(block, node);
  const content = node.content ?? [];
  block.children.forEach((child, index) => {
    if (child.node === 'block' && content[index]) sourced(child, content[index], context);
  });
  return block;
}

function kindred(a: JSONContent, b: JSONContent): boolean {
  return a.type === b.type || KINDRED_TYPES.some((family) => family.includes(a.type ?? '') && family.includes(b.type ?? ''));
}

/** Dice coefficient of the two blocks' words (1 for two blocks without words). */
function similarity(a: JSONContent, b: JSONContent): number {
  const wordsOf = (node: JSONContent) => textOf(node).split(/\s+/u).filter((word) => word.length > 0);
  const first = wordsOf(a);
  const second = wordsOf(b);
  if (first.length === 0 && second.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const word of first) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of second) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(word, left - 1);
    }
  }
  return (2 * shared) / (first.length + second.length);
}

/** Text of a node with a space between blocks (so words of two paragraphs do not run together). */
function textOf(node: JSONContent): string {
  if (typeof node.text === 'string') return node.text;
  return (node.content ?? []).map(textOf).join(isTextblock(node) ? '' : ' ');
}

function isTextblock(node: JSONContent): boolean {
  const content = node.content ?? [];
  if (content.length === 0) return ['paragraph', 'heading', 'codeBlock'].includes(node.type ?? '');
  return content.every((child) => child.type === 'text' || child.type === 'hardBreak');
}

const attrsOf = (node: JSONContent): Record<string, unknown> => ({ ...(node.attrs ?? {}) });

/** The same block in both texts, with its children compared. */
function changedBlock(before: JSONContent, after: JSONContent, context: DiffContext): DiffBlock {
  const block: DiffBlock = {
    node: 'block',
    type: after.type ?? 'paragraph',
    attrs: attrsOf(after),
    change: 'modify',
    children: isTextblock(before) && isTextblock(after) ? diffInline(before, after, context) : diffBlockLists(before.content ?? [], after.content ?? [], context),
  };
  if (before.type !== after.type || nodeKey(before.attrs ?? {}) !== nodeKey(after.attrs ?? {})) block.before = { type: before.type ?? 'paragraph', attrs: attrsOf(before) };
  return block;
}

/** A block present in one text only (or in both, unchanged), with all its content in the same state. */
function wholeBlock(node: JSONContent, change: 'equal' | 'insert' | 'delete', side: Side): DiffBlock {
  return {
    node: 'block',
    type: node.type ?? 'paragraph',
    attrs: attrsOf(node),
    change,
    children: isTextblock(node) ? mergeRuns(tokensOf(node, side).map((token) => runOf(token, change, side))) : (node.content ?? []).map((child) => wholeBlock(child, change, side)),
  };
}

function tokensOf(node: JSONContent, side: Side): Token[] {
  const tokens: Token[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'hardBreak') {
      tokens.push({ text: '\n', marks: [], hardBreak: true, place: null });
      continue;
    }
    if (typeof child.text !== 'string') continue;
    const place = side.places.get(child) ?? null;
    const marks = normalisedMarks(child.marks);
    for (const word of tokenizeText(child.text)) tokens.push({ text: word.text, marks, hardBreak: false, place: place ? { block: place.block, start: place.start + word.start } : null });
  }
  return tokens;
}

/**
 * Words, single punctuation marks and runs of white space, with where each starts: a comma or a
 * full stop changed next to a word does not make the word itself read as changed.
 */
function tokenizeText(text: string): { text: string; start: number }[] {
  return [...text.matchAll(/\s+|[\p{L}\p{N}\p{M}_'’-]+|[^\s\p{L}\p{N}\p{M}_'’-]/gu)].map((match) => ({ text: match[0], start: match.index }));
}

const countsAsWord = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

function normalisedMarks(marks: JSONContent['marks']): DiffMark[] {
  return (marks ?? [])
    .map((mark) => (mark.attrs && Object.keys(mark.attrs).length > 0 ? { type: mark.type, attrs: { ...mark.attrs } } : { type: mark.type }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

const tokenKey = (token: Token): string => (token.hardBreak ? '\u0000break' : token.text);

/** Two text blocks compared word by word; words kept with other marks are format changes. */
function diffInline(before: JSONContent, after: JSONContent, context: DiffContext): DiffText[] {
  const earlier = tokensOf(before, context.before);
  const later = tokensOf(after, context.after);
  const runs: DiffText[] = [];
  let i = 0;
  let j = 0;
  for (const run of diffSequences(earlier, later, tokenKey)) {
    for (let k = 0; k < run.items.length; k++) {
      if (run.kind === 'delete') runs.push(runOf(earlier[i++], 'delete', context.before));
      else if (run.kind === 'insert') runs.push(runOf(later[j++], 'insert', context.after));
      else {
        const was = earlier[i++];
        const is = later[j++];
        const formatted = nodeKey(was.marks) !== nodeKey(is.marks);
        runs.push(formatted ? { ...runOf(is, 'format', context.after), marksBefore: was.marks } : runOf(is, 'equal', context.after));
      }
    }
  }
  return mergeRuns(runs);
}

function runOf(token: Token, change: DiffText['change'], side: Side): DiffText {
  const run: DiffText = { node: 'text', change, text: token.text, marks: token.marks, authors: [] };
  if (token.hardBreak) run.hardBreak = true;
  if ((change === 'insert' || change === 'delete') && token.place && /\S/u.test(token.text)) {
    const units = side.authorsByBlock[token.place.block]?.slice(token.place.start, token.place.start + token.text.length) ?? [];
    run.authors = unique(units.filter((author): author is string => author !== null));
  }
  return run;
}

/**
 * Joins neighbouring runs that read the same. White space between two words of one change takes
 * their authors, so "two words" typed by one member is one run, not three.
 */
function mergeRuns(runs: DiffText[]): DiffText[] {
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run.hardBreak || run.authors.length > 0 || /\S/u.test(run.text) || (run.change !== 'insert' && run.change !== 'delete')) continue;
    const previous = runs[r - 1];
    const next = runs[r + 1];
    if (previous?.change === run.change && previous.authors.length > 0) run.authors = previous.authors;
    else if (next?.change === run.change) run.authors = next.authors;
  }
  const merged: DiffText[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    const same =
      last &&
      !last.hardBreak &&
      !run.hardBreak &&
      last.change === run.change &&
      nodeKey(last.marks) === nodeKey(run.marks) &&
      nodeKey(last.marksBefore ?? null) === nodeKey(run.marksBefore ?? null) &&
      nodeKey(last.authors) === nodeKey(run.authors);
    if (same) merged[merged.length - 1] = { ...last, text: last.text + run.text };
    else merged.push(run);
  }
  return merged;
}

interface MoveCandidate {
  block: DiffBlock;
  key: string;
  ancestors: MoveCandidate[];
  used: boolean;
}

/**
 * Pairs blocks deleted in one place with identical blocks inserted in another, at any depth (a
 * list item re-nested into a new sub-list matches the item deleted from the outer list). Returns
 * how many moves it found.
 */
function detectMoves(blocks: DiffBlock[], context: DiffContext): number {
  const deleted: MoveCandidate[] = [];
  const collect = (nodes: readonly DiffNode[], ancestors: MoveCandidate[]): void => {
    for (const node of nodes) {
      if (node.node !== 'block') continue;
      const source = context.sources.get(node);
      if (node.change === 'delete' && source && textOf(source).trim().length > 0) {
        const candidate: MoveCandidate = { block: node, key: nodeKey(source), ancestors, used: false };
        deleted.push(candidate);
        collect(node.children, [...ancestors, candidate]);
      } else {
        collect(node.children, ancestors);
      }
    }
  };
  collect(blocks, []);
  if (deleted.length === 0) return 0;
  const byKey = new Map<string, MoveCandidate[]>();
  for (const candidate of deleted) byKey.set(candidate.key, [...(byKey.get(candidate.key) ?? []), candidate]);

  let moves = 0;
  const claim = (key: string): MoveCandidate | null => {
    for (const candidate of byKey.get(key) ?? []) {
      // A block inside one already moved (or around one) moved with it, not on its own.
      if (candidate.used || candidate.ancestors.some((ancestor) => ancestor.used)) continue;
      if (deleted.some((other) => other.used && other.ancestors.includes(candidate))) continue;
      candidate.used = true;
      return candidate;
    }
    return null;
  };
  const visit = (nodes: readonly DiffNode[]): void => {
    for (const node of nodes) {
      if (node.node !== 'block') continue;
      const source = context.sources.get(node);
      const match = node.change === 'insert' && source ? claim(nodeKey(source)) : null;
      if (!match) {
        visit(node.children);
        continue;
      }
      const moveId = context.nextMoveId++;
      moves++;
      markMoved(node, 'move-to', moveId);
      markMoved(match.block, 'move-from', moveId);
    }
  };
  visit(blocks);
  return moves;
}

/** Turns a whole inserted or deleted block into one side of a move: its text is unchanged, its mover named. */
function markMoved(block: DiffBlock, change: 'move-from' | 'move-to', moveId: number): void {
  const movers = new Set<string>();
  const settle = (nodes: DiffNode[]): DiffNode[] => {
    const settled = nodes.map((node): DiffNode => {
      if (node.node === 'block') return { ...node, change: 'equal', children: settle(node.children) };
      for (const author of node.authors) movers.add(author);
      return { ...node, change: 'equal', authors: [] };
    });
    return settled.every((node): node is DiffText => node.node === 'text') ? mergeRuns(settled) : settled;
  };
  block.children = settle(block.children);
  block.change = change;
  block.moveId = moveId;
  block.authors = [...movers];
}

function summarise(nodes: readonly DiffNode[], summary: { wordsAdded: number; wordsRemoved: number; formatChanges: number; authors: Set<string> }): void {
  for (const node of nodes) {
    if (node.node === 'block') {
      for (const author of node.authors ?? []) summary.authors.add(author);
      summarise(node.children, summary);
      continue;
    }
    const words = tokenizeText(node.text).filter((token) => countsAsWord(token.text)).length;
    if (node.change === 'insert') summary.wordsAdded += words;
    if (node.change === 'delete') summary.wordsRemoved += words;
    if (node.change === 'format') summary.formatChanges++;
    for (const author of node.authors) summary.authors.add(author);
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
