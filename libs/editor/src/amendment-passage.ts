import { relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { RenderedFragment } from './thread-anchor';

/**
 * The passage an amendment may change, as two exclusive bounds in its fork of the recommendation.
 *
 * Design: when the amendment is proposed, the first and last characters of the selected passage
 * are known (the thread-anchor relative positions). Its bounds are the nearest live content just
 * before the first character and just after the last one, in document order (pre-order over the
 * Yjs tree: fragment, blocks, texts, characters), stored as Yjs item ids. Everything strictly
 * between the two bounds is the passage: text typed at either edge lands between them and stays
 * inside, whatever the passage becomes. Everything else is outside, and an update that inserts,
 * deletes or re-attributes anything outside is refused whole.
 */
export interface PassageBounds {
  /** Id of the last live character or block before the passage; null: the passage starts the text. */
  before: PassageBound | null;
  /** Id of the first live character or block after the passage; null: the passage ends the text. */
  after: PassageBound | null;
}

export interface PassageBound {
  client: number;
  clock: number;
}

/** Where a character, block or gap sits in document order: indices from the root down (pre-order). */
type OrderKey = number[];

type YType = Y.AbstractType<unknown>;

/**
 * The bounds of the passage from `start` (first character) to `end` (last character), both
 * Y.encodeRelativePosition as the thread anchor stores them (start associated right, end left).
 * Throws a RangeError when they do not name two live characters in order.
 */
export function passageBoundsOf(doc: Y.Doc, start: Uint8Array, end: Uint8Array): PassageBounds {
  const first = Y.decodeRelativePosition(start).item;
  const last = Y.decodeRelativePosition(end).item;
  if (!first || !last) throw new RangeError('The passage must start and end in text');
  const firstItem = liveItem(doc, first);
  const lastItem = liveItem(doc, last);
  if (compareKeys(keyOf(firstItem, first.clock - firstItem.id.clock), keyOf(lastItem, last.clock - lastItem.id.clock)) > 0) throw new RangeError('The passage ends before it starts');
  return { before: boundOf(previousLive(firstItem, first.clock - firstItem.id.clock)), after: boundOf(nextLive(lastItem, last.clock - lastItem.id.clock)) };
}

/**
 * Whether `update` changes only the passage of `doc` between `bounds`. Returns null when it does,
 * else a short reason. Run after the update passed the structural check (checkUpdate) and before
 * it is applied. Content the document already has is skipped, and so are deletions of what is
 * already deleted (a reconnecting client re-sends its whole delete set).
 */
export function passageViolation(doc: Y.Doc, bounds: PassageBounds, update: Uint8Array): string | null {
  const store = doc.store;
  const lower = bounds.before ? keyOfId(doc, bounds.before) : [];
  const upper = bounds.after ? keyOfId(doc, bounds.after) : null;
  if (!lower || (bounds.after && !upper)) return 'the passage bounds are no longer in the text';
  const inside = (key: OrderKey): boolean => compareKeys(key, lower) > 0 && (upper === null || compareKeys(key, upper) < 0);
  const wholeInside = (item: Y.Item): boolean => inside(keyOf(item, 0)) && inside(endKeyOf(item));

  const decoded = Y.decodeUpdate(update) as { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };

  for (const [client, ranges] of decoded.ds.clients) {
    const known = Y.getState(store, client);
    for (const range of ranges) {
      let clock = range.clock;
      const end = Math.min(range.clock + range.len, known);
      while (clock < end) {
        const struct = Y.getItem(store, Y.createID(client, clock)) as Y.Item | Y.GC;
        const span = Math.min(end, struct.id.clock + struct.length) - clock;
        if (struct instanceof Y.Item && !struct.deleted) {
          const allowed = struct.parentSub !== null ? ownerInside(struct.parent as YType, wholeInside)
            : struct.content instanceof Y.ContentType ? wholeInside(struct)
            : inside(keyOf(struct, clock - struct.id.clock)) && inside(keyOf(struct, clock - struct.id.clock + span - 1));
          if (!allowed) return 'it deletes text outside the amended passage';
        }
        clock += span;
      }
    }
  }

  // New structs, judged by where they land; a struct next to, or inside, an accepted new one is accepted.
  const fresh = decoded.structs.filter((struct): struct is Y.Item => struct instanceof Y.Item && struct.id.clock + struct.length > Y.getState(store, struct.id.client));
  const verdicts = new Map<Y.Item, boolean>();
  const freshByClient = new Map<number, Y.Item[]>();
  for (const struct of fresh) {
    const list = freshByClient.get(struct.id.client);
    if (list) list.push(struct);
    else freshByClient.set(struct.id.client, [struct]);
  }
  /** The new struct holding `id` (an update lists each client's structs in clock order), or null. */
  const freshHolding = (id: Y.ID): Y.Item | null => {
    if (id.clock < Y.getState(store, id.client)) return null;
    const list = freshByClient.get(id.client) ?? [];
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const struct = list[middle];
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    return null;
  };
  /** True or false once known; undefined while it depends on a new struct not judged yet. */
  const judge = (struct: Y.Item): boolean | undefined => {
    const stored = Y.getState(store, struct.id.client);
    const origin = struct.id.clock < stored ? Y.createID(struct.id.client, stored - 1) : struct.origin;
    if (struct.parentSub !== null) {
      if (struct.parent instanceof Y.ID) {
        const owner = freshHolding(struct.parent);
        if (owner) return verdicts.get(owner);
        const item = Y.getItem(store, struct.parent);
        return item instanceof Y.Item && item.content instanceof Y.ContentType && wholeInside(item);
      }
      if (typeof struct.parent === 'string' || !origin) return false;
      const previous = freshHolding(origin);
      if (previous) return verdicts.get(previous);
      const item = Y.getItem(store, origin);
      return item instanceof Y.Item && ownerInside(item.parent as YType, wholeInside);
    }
    if (origin) {
      const left = freshHolding(origin);
      if (left) return verdicts.get(left);
      const item = Y.getItem(store, origin);
      if (!(item instanceof Y.Item) || item.parentSub !== null) return false;
      return inside(gapAfter(item, origin.clock - item.id.clock));
    }
    if (struct.rightOrigin) {
      const right = freshHolding(struct.rightOrigin);
      if (right) return verdicts.get(right);
      const item = Y.getItem(store, struct.rightOrigin);
      if (!(item instanceof Y.Item) || item.parentSub !== null) return false;
      return inside(gapBefore(item, struct.rightOrigin.clock - item.id.clock));
    }
    if (typeof struct.parent === 'string') return inside([-0.5]);
    if (!(struct.parent instanceof Y.ID)) return false;
    const owner = freshHolding(struct.parent);
    if (owner) return verdicts.get(owner);
    const item = Y.getItem(store, struct.parent);
    if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentType)) return false;
    return inside([...keyOf(item, 0), -0.5]);
  };
  let pending = fresh;
  while (pending.length > 0) {
    const undecided: Y.Item[] = [];
    for (const struct of pending) {
      const verdict = judge(struct);
      if (verdict === false) return 'it changes text outside the amended passage';
      if (verdict === undefined) undecided.push(struct);
      else verdicts.set(struct, true);
    }
    if (undecided.length === pending.length) return 'its new content depends on itself';
    pending = undecided;
  }
  return null;
}

/** A map entry (a block's attribute) is inside when its block is, whole. */
function ownerInside(parent: YType, wholeInside: (item: Y.Item) => boolean): boolean {
  const owner = parent._item;
  return owner !== null && wholeInside(owner);
}

function liveItem(doc: Y.Doc, id: Y.ID): Y.Item {
  if (id.clock >= Y.getState(doc.store, id.client)) throw new RangeError('The passage is not in this text');
  const item = Y.getItem(doc.store, id);
  if (!(item instanceof Y.Item) || item.deleted || item.parentSub !== null) throw new RangeError('The passage is no longer in this text');
  if (!(item.content instanceof Y.ContentString)) throw new RangeError('The passage must start and end in text');
  return item;
}

function boundOf(position: { item: Y.Item; offset: number } | null): PassageBound | null {
  return position ? { client: position.item.id.client, clock: position.item.id.clock + position.offset } : null;
}

/** The live character or block just before a character, in document order. */
function previousLive(item: Y.Item, offset: number): { item: Y.Item; offset: number } | null {
  if (offset > 0) return { item, offset: offset - 1 };
  for (let current: Y.Item = item; ; ) {
    let left = current.left;
    while (left && left.deleted) left = left.left;
    if (left) return lastLiveIn(left);
    const parent = (current.parent as YType)._item;
    if (!parent) return null;
    // A block comes before its content in document order.
    return { item: parent, offset: 0 };
  }
}

/** The last live character or block of an item's subtree (the item itself when it holds nothing live). */
function lastLiveIn(item: Y.Item): { item: Y.Item; offset: number } {
  if (!(item.content instanceof Y.ContentType)) return { item, offset: item.length - 1 };
  let last: Y.Item | null = null;
  for (let child = item.content.type._start; child; child = child.right) if (!child.deleted) last = child;
  return last ? lastLiveIn(last) : { item, offset: 0 };
}

/** The live character or block just after a character, in document order. */
function nextLive(item: Y.Item, offset: number): { item: Y.Item; offset: number } | null {
  if (offset < item.length - 1) return { item, offset: offset + 1 };
  for (let current: Y.Item = item; ; ) {
    let right = current.right;
    while (right && right.deleted) right = right.right;
    if (right) return { item: right, offset: 0 };
    const parent = (current.parent as YType)._item;
    if (!parent) return null;
    current = parent;
  }
}

/** The order key of an id, or null when the document lacks it or it is a map entry. */
function keyOfId(doc: Y.Doc, bound: PassageBound): OrderKey | null {
  if (bound.clock >= Y.getState(doc.store, bound.client)) return null;
  const item = Y.getItem(doc.store, Y.createID(bound.client, bound.clock));
  if (!(item instanceof Y.Item) || item.parentSub !== null) return null;
  return keyOf(item, bound.clock - item.id.clock);
}

/** Indices (in characters, deleted ones included) of a character and of each of its ancestors. */
function keyOf(item: Y.Item, offset: number): OrderKey {
  const key = [indexInList(item) + offset];
  for (let parent = (item.parent as YType)._item; parent; parent = (parent.parent as YType)._item) key.unshift(indexInList(parent));
  return key;
}

/** Just past an item's subtree: every descendant sorts before it. */
function endKeyOf(item: Y.Item): OrderKey {
  const key = keyOf(item, item.length - 1);
  key[key.length - 1] += 0.5;
  return key;
}

/** The gap right after a character (after a block's whole subtree). */
function gapAfter(item: Y.Item, offset: number): OrderKey {
  const key = keyOf(item, offset);
  key[key.length - 1] += 0.5;
  return key;
}

function gapBefore(item: Y.Item, offset: number): OrderKey {
  const key = keyOf(item, offset);
  key[key.length - 1] -= 0.5;
  return key;
}

function indexInList(item: Y.Item): number {
  let index = 0;
  for (let left = item.left; left; left = left.left) index += left.length;
  return index;
}

/** Pre-order comparison: a block sorts before its content. */
function compareKeys(a: OrderKey, b: OrderKey): number {
  const common = Math.min(a.length, b.length);
  for (let index = 0; index < common; index++) if (a[index] !== b[index]) return a[index] - b[index];
  return a.length - b.length;
}

/**
 * Where the passage between `bounds` is in a rendered document: from just after the bound
 * before it to just before the bound after it, so text typed at either edge is inside, as the
 * server's check has it (passageViolation). Null when a bound is not in this document.
 */
export function passageRangeOf(fragment: Y.XmlFragment, rendered: RenderedFragment, bounds: PassageBounds): { from: number; to: number } | null {
  const doc = fragment.doc;
  if (!doc) return null;
  let from = 0;
  if (bounds.before) {
    const item = boundItem(doc, bounds.before);
    if (!item) return null;
    // A type with live content is the one the passage starts (its content follows it in document
    // order): the passage starts at its content, past the opening of a block (a text has none).
    // An empty one lies before the passage.
    const container = item.content instanceof Y.ContentType && hasLiveContent(item.content.type as YType) ? item.content.type : null;
    const position = positionAt(doc, fragment, rendered, bounds.before, container ? 0 : -1);
    if (position === null) return null;
    from = container && !(container instanceof Y.XmlText) ? position + 1 : position;
  }
  let to = rendered.doc.content.size;
  if (bounds.after) {
    if (!boundItem(doc, bounds.after)) return null;
    const position = positionAt(doc, fragment, rendered, bounds.after, 0);
    if (position === null) return null;
    to = position;
  }
  return from <= to ? { from, to } : null;
}

function boundItem(doc: Y.Doc, bound: PassageBound): Y.Item | null {
  if (bound.clock >= Y.getState(doc.store, bound.client)) return null;
  const item = Y.getItem(doc.store, Y.createID(bound.client, bound.clock));
  return item instanceof Y.Item && item.parentSub === null ? item : null;
}

function hasLiveContent(type: YType): boolean {
  for (let child = type._start; child; child = child.right) if (!child.deleted) return true;
  return false;
}

/** The ProseMirror position just before (assoc 0) or just after (assoc -1) a character or block. */
function positionAt(doc: Y.Doc, fragment: Y.XmlFragment, rendered: RenderedFragment, bound: PassageBound, assoc: number): number | null {
  const relative = Y.createRelativePositionFromJSON({ item: { client: bound.client, clock: bound.clock }, assoc });
  return relativePositionToAbsolutePosition(doc, fragment, relative, rendered.mapping);
}
