import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnv } from '../../config/env';
import { dataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI (`npm run migration:*`); the app builds its own from the same options. */
export default new DataSource(dataSourceOptions(loadEnv().DATABASE_URL));
