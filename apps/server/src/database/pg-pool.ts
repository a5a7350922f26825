import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs a statement that is on a hot path (every batch of edits, every connection, every request)
 * straight on the pg pool under TypeORM, as a named statement: each pooled connection parses and
 * plans it once, and TypeORM's query runner is not set up and torn down around it.
 */
export async function preparedQuery<Row extends QueryResultRow>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<Row>({ name, text, values });
  return result.rows;
}
