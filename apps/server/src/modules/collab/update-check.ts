import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { isAccordNodeName, MAX_NESTING_DEPTH } from '@accord/editor';
import * as Y from 'yjs';
import { CollabException } from './collab.exception';
import type { DecodedUpdate } from './protocol/client-frame';

/** A shared type of the document (the alias keeps Yjs's own event parameter). */
type YType = ReturnType<Y.Doc['get']>;
/** Where an incoming struct ends up: a type already in the document, a type the update creates, a new root, or garbage. */
type Container = YType | Y.Item | string | typeof COLLECTED;
/** Yjs turns a struct whose neighbour or parent was garbage-collected into garbage itself. */
const COLLECTED = Symbol('collected');

/** Where a struct lives: its container, and how deep that container is. */
interface Placement {
  container: Container;
  parentSub: string | null;
  /** Block nodes from the document root down to the container, the container included. */
  depth: number;
}

/**
 * Checks a Yjs update against the live document before it is applied, because Yjs cannot roll
 * back: a struct that integrates before a later one throws stays in memory, and a struct whose
 * neighbours lie in different lists corrupts the linked list in a way its own encoding does not
 * reproduce (memory then differs from what the log replays). What an honest editor never sends is
 * refused here, whole:
 * - anything that refers to content the server does not have (Yjs would park it as pending and
 *   integrate it later, part-way), and dependency cycles between the update's structs;
 * - a struct whose left and right neighbours, or whose already-stored head, sit in different parents;
 * - deletions of length zero or beyond what exists (Yjs throws in `writeDsLen` on the former);
 * - types other than the XML element and text TipTap uses, element names outside the Accord
 *   schema, other root types, and nesting deeper than MAX_NESTING_DEPTH.
 * Throws a CollabException (4422) with the reason; otherwise returns the Yjs client ids whose new
 * content the update carries (read from the decoded structs, for the authorship record).
 */
export function checkUpdate(doc: Y.Doc, decoded: DecodedUpdate): number[] {
  const store = doc.store;
  const byClient = new Map<number, (Y.Item | Y.GC)[]>();
  /** Per client: how far its clock is known once the update is in (stored state, then contiguous structs). */
  const reach = new Map<number, number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const known = reach.get(client) ?? Y.getState(store, client);
    if (clock > known) throw reject('it skips over content the server does not have');
    reach.set(client, Math.max(known, clock + struct.length));
    // Structs the server already has are skipped, but Yjs still resolves their references first.
    let list = byClient.get(client);
    if (!list) byClient.set(client, (list = []));
    list.push(struct);
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const known = reach.get(client) ?? Y.getState(store, client);
    for (const range of ranges) {
      if (range.len <= 0) throw reject('it deletes an empty range');
      if (range.clock + range.len > known) throw reject('it deletes content the server does not have');
    }
  }

  /** The incoming struct holding `id`, or null when the server already stores it. */
  const incoming = (id: Y.ID): Y.Item | Y.GC | null => {
    if (id.clock < Y.getState(store, id.client)) return null;
    const list = byClient.get(id.client);
    if (!list) throw reject('it refers to content the server does not have');
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const struct = list[middle];
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    throw reject('it refers to content the server does not have');
  };

  // Each struct's dependencies inside the update: the previous struct of its client, its
  // neighbours and its parent. Kahn's order places every struct after what it depends on.
  const structs = [...byClient.values()].flat();
  const dependents = new Map<Y.Item | Y.GC, (Y.Item | Y.GC)[]>();
  const waitingOn = new Map<Y.Item | Y.GC, number>();
  for (const list of byClient.values()) {
    list.forEach((struct, index) => {
      const needs = new Set<Y.Item | Y.GC>();
      if (index > 0) needs.add(list[index - 1]);
      if (struct instanceof Y.Item) {
        for (const id of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
          if (!id) continue;
          // Yjs integrates a client's structs in clock order and takes its own earlier ones as present.
          if (id.client === struct.id.client && id.clock >= struct.id.clock) throw reject('a struct refers to a later one of its own client');
          const dependency = incoming(id);
          if (dependency === struct) throw reject('a struct refers to itself');
          if (dependency) needs.add(dependency);
        }
      }
      waitingOn.set(struct, needs.size);
      for (const dependency of needs) {
        const list2 = dependents.get(dependency);
        if (list2) list2.push(struct);
        else dependents.set(dependency, [struct]);
      }
    });
  }
  const ready = structs.filter((struct) => waitingOn.get(struct) === 0);
  const placements = new Map<Y.Item | Y.GC, Placement>();
  const storedDepths = new Map<YType, number>();
  let placed = 0;
  while (ready.length > 0) {
    const struct = ready.pop() as Y.Item | Y.GC;
    placed++;
    const stored = struct.id.clock + struct.length <= Y.getState(store, struct.id.client);
    placements.set(struct, stored ? { container: COLLECTED, parentSub: null, depth: 0 } : place(struct));
    for (const dependent of dependents.get(struct) ?? []) {
      const left = (waitingOn.get(dependent) ?? 0) - 1;
      waitingOn.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (placed !== structs.length) throw reject('its structs depend on each other in a cycle');
  return [...reach].filter(([client, known]) => known > Y.getState(store, client)).map(([client]) => client);

  function place(struct: Y.Item | Y.GC): Placement {
    if (!(struct instanceof Y.Item)) return { container: COLLECTED, parentSub: null, depth: 0 };
    let placement: Placement;
    if (struct.parent !== null) {
      placement = explicitParent(struct.parent as Y.ID | string, struct.parentSub);
    } else {
      const left = struct.origin ? neighbour(struct.origin) : null;
      const right = struct.rightOrigin ? neighbour(struct.rightOrigin) : null;
      if (left && right && left.container !== COLLECTED && right.container !== COLLECTED) {
        if (left.container !== right.container || left.parentSub !== right.parentSub) throw reject('its neighbours belong to different parents');
      }
      const from = left ?? right;
      placement = !from || left?.container === COLLECTED || right?.container === COLLECTED ? { container: COLLECTED, parentSub: null, depth: 0 } : { ...from };
    }
    const start = Y.getState(store, struct.id.client);
    if (struct.id.clock < start && placement.container !== COLLECTED) {
      // Yjs integrates the part past what it stores after the stored head: both must share a parent.
      const head = neighbour(Y.createID(struct.id.client, start - 1));
      if (head.container !== placement.container || head.parentSub !== placement.parentSub) throw reject('it continues stored content under another parent');
    }
    if (struct.content instanceof Y.ContentDoc) throw reject('sub-documents are not part of a recommendation');
    if (struct.content instanceof Y.ContentType) {
      const type = struct.content.type;
      if (type instanceof Y.XmlElement) {
        if (!isAccordNodeName(type.nodeName)) throw reject(`the schema has no node "${type.nodeName.slice(0, 40)}"`);
        if (placement.depth + 1 > MAX_NESTING_DEPTH) throw reject(`blocks are nested deeper than ${MAX_NESTING_DEPTH} levels`);
      } else if (!(type instanceof Y.XmlText)) throw reject('only XML elements and text belong in a recommendation');
    }
    return placement;
  }

  /** Where content goes when its parent is named: a root by name, or a type by the ID of its item. */
  function explicitParent(parent: Y.ID | string, parentSub: string | null): Placement {
    if (typeof parent === 'string') {
      if (parent !== DOCUMENT_FRAGMENT) throw reject(`a recommendation has no root "${parent.slice(0, 40)}"`);
      const root = doc.share.get(parent);
      return { container: root ?? parent, parentSub, depth: 0 };
    }
    const owner = incoming(parent);
    if (owner) {
      if (!(owner instanceof Y.Item) || !(owner.content instanceof Y.ContentType)) throw reject('its parent is not a container');
      const ownerDepth = (placements.get(owner) as Placement).depth + (owner.content.type instanceof Y.XmlElement ? 1 : 0);
      return { container: owner, parentSub, depth: ownerDepth };
    }
    const stored = Y.getItem(store, parent);
    if (!(stored instanceof Y.Item) || !(stored.content instanceof Y.ContentType)) return { container: COLLECTED, parentSub: null, depth: 0 };
    const type = stored.content.type;
    return { container: type, parentSub, depth: storedDepth(type) };
  }

  /** The placement of the struct holding `id`, which an incoming struct sits next to. */
  function neighbour(id: Y.ID): Placement {
    const struct = incoming(id);
    if (struct) return placements.get(struct) as Placement;
    const stored = Y.getItem(store, id);
    if (!(stored instanceof Y.Item) || !stored.parent) return { container: COLLECTED, parentSub: null, depth: 0 };
    const parent = stored.parent as YType;
    return { container: parent, parentSub: stored.parentSub, depth: storedDepth(parent) };
  }

  /** Block nodes from the root down to a stored type, itself included when it is one (bounded walk). */
  function storedDepth(type: YType): number {
    const known = storedDepths.get(type);
    if (known !== undefined) return known;
    let depth = 0;
    for (let current: YType | null = type; current && current._item; current = current._item.parent as YType | null) {
      if (current instanceof Y.XmlElement && current._item.parentSub === null) depth++;
      if (depth > MAX_NESTING_DEPTH) break;
    }
    storedDepths.set(type, depth);
    return depth;
  }
}

function reject(detail: string): CollabException {
  return CollabException.invalidUpdate(detail);
}
