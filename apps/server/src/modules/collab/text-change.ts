import * as Y from 'yjs';

/** A run of one Yjs client's clock: the items `clock` to `clock + length - 1`. */
export interface ClockRange {
  client: number;
  clock: number;
  length: number;
}

/** What one update did to a document: the items it brought, and the items it deleted. */
export interface TextChange {
  inserted: ClockRange[];
  deleted: ClockRange[];
}

/** The ranges a transaction deleted (its delete set: only items it actually deleted). */
export function deletedRangesOf(transaction: Y.Transaction): ClockRange[] {
  const ranges: ClockRange[] = [];
  for (const [client, items] of transaction.deleteSet.clients) {
    for (const item of items) if (item.len > 0) ranges.push({ client, clock: item.clock, length: item.len });
  }
  return ranges;
}

/**
 * Runs `apply` on `doc` and says what it changed, as clock ranges: per client, the clocks its
 * state advanced by, and whatever the transactions of `origin` deleted.
 */
export function observeChange(doc: Y.Doc, origin: unknown, clients: readonly number[], apply: () => void): TextChange {
  const before = new Map(clients.map((client) => [client, Y.getState(doc.store, client)]));
  const deleted: ClockRange[] = [];
  const capture = (transaction: Y.Transaction) => {
    if (transaction.origin === origin) deleted.push(...deletedRangesOf(transaction));
  };
  doc.on('afterTransaction', capture);
  try {
    apply();
  } finally {
    doc.off('afterTransaction', capture);
  }
  const inserted = clients.flatMap((client) => {
    const from = before.get(client) ?? 0;
    const to = Y.getState(doc.store, client);
    return to > from ? [{ client, clock: from, length: to - from }] : [];
  });
  return { inserted, deleted };
}
