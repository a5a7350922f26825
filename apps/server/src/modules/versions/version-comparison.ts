import { diffStructure, textUnitsOf, topLevelBlocks, yDocToProsemirrorJson, type JSONContent, type StructuralDiff, type TextUnits } from '@accord/editor';
import * as Y from 'yjs';
import { contentHashOf } from './version-hash';

/** A range of one client's clock that a member inserted or deleted (end exclusive). */
export interface AuthoredRange {
  client: number;
  start: number;
  end: number;
  memberId: string | null;
}

/** Everything a comparison needs, so that it can run in a worker thread: two stored states and the authorship records. */
export interface ComparisonJob {
  before: Uint8Array;
  after: Uint8Array;
  inserted: AuthoredRange[];
  deleted: AuthoredRange[];
  /** The first member seen per client id (for text recorded before ranges were, e.g. the demo seed). */
  clientAuthors: [number, string][];
}

export interface ComparisonResult {
  diff: StructuralDiff;
  before: JSONContent;
  after: JSONContent;
  afterHash: string;
}

/** A text read from a stored state on a Y.Doc of its own (never the live one), with the Yjs id of each unit per top-level block. */
export interface ReadState {
  content: JSONContent;
  blockUnits: TextUnits[];
}

export function readState(state: Uint8Array, withUnits = true): ReadState {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const content = yDocToProsemirrorJson(doc);
    if (!withUnits) return { content, blockUnits: [] };
    const blocks = topLevelBlocks(doc);
    // Units line up with the JSON's blocks only when the schema kept every block.
    const blockUnits = blocks.length === (content.content ?? []).length ? blocks.map((block) => textUnitsOf(block)) : [];
    return { content, blockUnits };
  } finally {
    doc.destroy();
  }
}

/** The client ids whose items a state holds (read from its state vector, without building a document). */
export function clientsOf(state: Uint8Array): number[] {
  return [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)).keys()];
}

/**
 * Compares two stored states structurally (see structural-diff.ts), naming for each unit of text
 * the member who inserted it and, for text gone from the later state, the member who deleted it,
 * by the clock ranges the server recorded; pure, so it runs inline or in a worker thread alike.
 */
export function compareStates(job: ComparisonJob): ComparisonResult {
  const before = readState(job.before);
  const after = readState(job.after);
  const inserters = rangeIndex(job.inserted);
  const deleters = rangeIndex(job.deleted);
  const firstSeen = new Map(job.clientAuthors);
  const insertedBy = after.blockUnits.map((units) => units.clients.map((client, i) => memberAt(inserters, client, units.clocks[i]) ?? firstSeen.get(client) ?? null));
  const deletedBy = before.blockUnits.map((units) => units.clients.map((client, i) => memberAt(deleters, client, units.clocks[i])));
  const diff = diffStructure(before.content, after.content, { insertedBy, deletedBy });
  return { diff, before: before.content, after: after.content, afterHash: contentHashOf(after.content) };
}

type RangeIndex = Map<number, AuthoredRange[]>;

function rangeIndex(ranges: readonly AuthoredRange[]): RangeIndex {
  const index: RangeIndex = new Map();
  for (const range of ranges) {
    const list = index.get(range.client);
    if (list) list.push(range);
    else index.set(range.client, [range]);
  }
  for (const list of index.values()) list.sort((a, b) => a.start - b.start);
  return index;
}

/**
 * The member of the range holding `clock`, by binary search. Ranges of one client do not overlap
 * for insertions (a clock is given once); two members may delete the same item concurrently, so
 * a few ranges before the last one starting at or before `clock` are looked at too.
 */
function memberAt(index: RangeIndex, client: number, clock: number): string | null {
  const list = index.get(client);
  if (!list) return null;
  let low = 0;
  let high = list.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (list[middle].start <= clock) {
      last = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  for (let i = last; i >= 0 && i > last - 8; i--) if (clock < list[i].end) return list[i].memberId;
  return null;
}
