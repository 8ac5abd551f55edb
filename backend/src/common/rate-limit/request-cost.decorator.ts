import { SetMetadata } from '@nestjs/common';

export const REQUEST_COST = 'requestCost';

/**
 * How much of the caller's per-minute request budget a route uses (default 1): heavy work
 * (search, uploads, exports, creating conversations) costs more. 0 exempts a route (probes).
 */
export const RequestCost = (cost: number) => SetMetadata(REQUEST_COST, cost);

/** The costs the routes use, in one place so their weights read against each other. */
export const Cost = {
  exempt: 0,
  /** People search, profile changes. */
  light: 2,
  /** Full-text search, conversation creation. */
  heavy: 10,
  /** Uploads. */
  upload: 10,
} as const;
