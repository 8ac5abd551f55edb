/**
 * Rows of a raw `UPDATE/DELETE ... RETURNING` run through TypeORM's `query()`, which answers
 * `[rows, affectedCount]` for those statements but plain rows for SELECT.
 */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
