import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { password, uniqueUsername } from './helpers';

/** What the shop-widget specs share: the API, an admin, and a shop page on another origin. */

export const API = process.env['E2E_BASE_URL'] ?? 'http://localhost:3000';

export async function api<T>(
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<T> {
  const res = await fetch(`${API}/api/v1${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** An admin of the e2e workspace: registered, then made admin with the operator's CLI. */
export async function workspaceAdmin(): Promise<string> {
  const username = uniqueUsername();
  const { accessToken } = await api<{ accessToken: string }>('/auth/register', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
  execFileSync(process.execPath, ['backend/dist/cli.js', 'admin:grant', username], {
    // Playwright runs in frontend/ (scripts/e2e.mjs).
    cwd: join(process.cwd(), '..'),
    stdio: 'pipe',
  });
  return accessToken;
}

/** A shop on its own port (another origin than the chat's); `page` is its HTML once known. */
export async function startShop(): Promise<{
  server: Server;
  url: string;
  serve(html: string): void;
}> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let html = '';
  server.on('request', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (page) => (html = page),
  };
}
