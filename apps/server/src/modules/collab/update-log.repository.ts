import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/pg-pool';

const APPEND_UPDATES = `
  WITH batch AS (
    SELECT document_id, data, writer_seq, ordinality
      FROM unnest($1::uuid[], $2::bytea[], $4::bigint[]) WITH ORDINALITY AS u(document_id, data, writer_seq, ordinality)
  ), locked AS (
    SELECT id FROM document WHERE id IN (SELECT document_id FROM batch) ORDER BY id FOR UPDATE
  ), logged AS (
    INSERT INTO document_update (document_id, data, writer_id, writer_seq)
    SELECT batch.document_id, batch.data, $3::uuid, batch.writer_seq FROM batch JOIN locked ON locked.id = batch.document_id ORDER BY batch.ordinality
    ON CONFLICT (writer_id, writer_seq) DO NOTHING
  )
  UPDATE document SET last_edited_at = now() FROM locked WHERE document.id = locked.id`;

const LOAD_DOCUMENT = `
  SELECT d.state,
         (SELECT array_agg(u.data ORDER BY u.id) FROM document_update u WHERE u.document_id = d.id AND u.id > d.compacted_through) AS updates
    FROM document d WHERE d.id = $1`;

export interface LoggedUpdate {
  documentId: string;
  data: Uint8Array;
  /** With the writer's id, the key that makes a retried append insert this update at most once. */
  seq: number;
}

export interface StoredDocument {
  /** Compacted Yjs state, or null for a document that was never compacted. */
  state: Uint8Array | null;
  /** Updates logged since the last compaction, oldest first. */
  updates: Uint8Array[];
}

export interface CompactedDocument {
  state: Uint8Array;
  content: unknown;
}

/** Storage of the Yjs update log and the compacted document state. */
@Injectable()
export class UpdateLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends a batch of updates in one statement, hence one transaction and one round trip (the
   * group commit). The insert reads the document rows through `FOR UPDATE`, so each touched
   * document is locked, in id order, before its updates get their ids: a compaction never sees a
   * later update of a document while an earlier one is still uncommitted, and concurrent writers
   * cannot deadlock. Updates of a document deleted meanwhile find no row and are dropped.
   * The statement is prepared once per connection; it goes to the pg pool directly because it
   * runs for every batch of edits. A statement whose answer was lost (a timeout, a dropped
   * connection) may still have committed: its retry finds each update's key (`writerId`, `seq`)
   * taken and inserts nothing twice.
   */
  async append(writerId: string, updates: readonly LoggedUpdate[]): Promise<void> {
    const documentIds = new Array<string>(updates.length);
    const data = new Array<Buffer>(updates.length);
    const seqs = new Array<number>(updates.length);
    updates.forEach((update, index) => {
      documentIds[index] = update.documentId;
      data[index] = Buffer.from(update.data.buffer, update.data.byteOffset, update.data.byteLength);
      seqs[index] = update.seq;
    });
    await preparedQuery(this.dataSource, 'accord-append-updates', APPEND_UPDATES, [documentIds, data, writerId, seqs]);
  }

  /** The stored state and the log after it, read in one statement so that both come from one snapshot. */
  async load(documentId: string): Promise<StoredDocument | null> {
    const rows = await preparedQuery<{ state: Buffer | null; updates: Buffer[] | null }>(this.dataSource, 'accord-load-document', LOAD_DOCUMENT, [documentId]);
    if (rows.length === 0) return null;
    return { state: rows[0].state, updates: rows[0].updates ?? [] };
  }

  /**
   * Folds the logged updates of a document into its stored state and derived content, and deletes
   * them from the log. The fold (the slow part) runs outside any transaction on a snapshot read in
   * one statement; only the write is a short transaction under the row lock, which appends also
   * take: it stores the state only if no other compaction moved `compacted_through` meanwhile, and
   * deletes exactly the rows it folded (appends made during the fold stay in the log).
   * Returns how many updates were folded.
   */
  async compact(documentId: string, fold: (stored: StoredDocument) => CompactedDocument | Promise<CompactedDocument>): Promise<number> {
    const rows: { state: Buffer | null; compacted_through: string; ids: string[] | null; updates: Buffer[] | null }[] = await this.dataSource.query(
      `SELECT d.state, d.compacted_through, u.ids, u.updates
         FROM document d
         LEFT JOIN LATERAL (SELECT array_agg(id ORDER BY id) AS ids, array_agg(data ORDER BY id) AS updates
                              FROM document_update WHERE document_id = d.id AND id > d.compacted_through) u ON true
        WHERE d.id = $1`,
      [documentId],
    );
    if (rows.length === 0 || !rows[0].ids || !rows[0].updates) return 0;
    const [{ state, compacted_through: from, ids, updates }] = rows;
    const compacted = await fold({ state, updates });
    const through = ids[ids.length - 1];
    return this.dataSource.transaction(async (manager) => {
      const locked: { compacted_through: string }[] = await manager.query(`SELECT compacted_through FROM document WHERE id = $1 FOR UPDATE`, [documentId]);
      // Deleted meanwhile, or folded by another compaction (another instance): nothing of ours to write.
      if (locked.length === 0 || locked[0].compacted_through !== from) return 0;
      await manager.query(
        `UPDATE document SET state = $2, content = $3, compacted_through = $4, compacted_at = now() WHERE id = $1`,
        [documentId, Buffer.from(compacted.state), JSON.stringify(compacted.content), through],
      );
      await manager.query(`DELETE FROM document_update WHERE document_id = $1 AND id > $2 AND id <= $3`, [documentId, from, through]);
      return ids.length;
    });
  }
}
