import { EntityManager } from 'typeorm';

/** The rows an UPDATE … RETURNING changed (TypeORM's query() answers such a statement as [rows, count]). */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result = await manager.query<[T[], number] | T[]>(sql, parameters);
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
