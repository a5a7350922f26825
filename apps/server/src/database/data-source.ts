import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';

/** For the TypeORM CLI (`npm run migration:run`): needs DATABASE_URL. */
export const dataSource = new DataSource(databaseOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/accord'));
