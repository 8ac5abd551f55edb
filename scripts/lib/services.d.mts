// Types of services.mjs, for the TypeScript tests that import it (backend/test/support).
import type { ChildProcess } from 'node:child_process';

export const root: string;
export class ServiceError extends Error {}
export const backendRequire: NodeJS.Require;

export function freePort(): Promise<number>;
export function waitFor<T>(
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs?: number,
  what?: string,
  intervalMs?: number,
): Promise<T>;
export function waitForPort(port: number, timeoutMs?: number): Promise<void>;
export function waitUntilReady(
  baseUrl: string,
  options?: { timeoutMs?: number; intervalMs?: number; alive?: () => boolean },
): Promise<boolean>;

export function createDatabase(
  serverUrl: string,
  name: string,
  options?: { ifMissing?: boolean },
): Promise<string>;
export function dropDatabase(serverUrl: string, name: string): Promise<void>;
export function freshDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }>;

export function productionSettings(sharedBuffers: string): string[];
export interface Postgres {
  port: number;
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
export function startPostgres(options: {
  dir: string;
  ephemeral?: boolean;
  flags?: string[];
  log?: (line: string) => void;
}): Promise<Postgres>;

export function hasRedisServer(): boolean;
export const NO_REDIS_MESSAGE: string;
export interface Redis {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}
export function startRedis(options?: {
  dir?: string;
  port?: number;
  log?: (line: string) => void;
  ownProcessGroup?: boolean;
}): Promise<Redis>;

export function onShutdownSignal(cleanup: (signal: NodeJS.Signals) => unknown): void;
