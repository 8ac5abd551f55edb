import { QueryFailedError } from 'typeorm';

/** A unique index refused the write: someone else stored the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}
