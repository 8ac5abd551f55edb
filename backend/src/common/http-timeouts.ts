import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config';

/** How often Node checks open connections against the two timeouts below (default 30 s). */
const CHECK_INTERVAL_MS = 1_000;

/**
 * Bounds how long a client may take to send a request, so slow senders (slowloris) cannot hold
 * connections open. Upgraded Socket.IO connections and keep-alive idling are not affected.
 * Must run before `listen()`: Node reads the checking interval when the server starts listening.
 */
export function applyHttpTimeouts(server: Server, config: AppConfig): void {
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    CHECK_INTERVAL_MS;
}
