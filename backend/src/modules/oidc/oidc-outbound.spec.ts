import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundRefusedError } from '../../common/outbound/address-policy';
import { guardedOidcFetch, oidcOutboundPolicy } from './oidc-outbound';

const options = {
  body: undefined,
  headers: {},
  method: 'GET' as const,
  redirect: 'manual' as const,
};

describe('the identity provider through the outbound gate', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200).end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const gate = (issuer: string) =>
    guardedOidcFetch(
      oidcOutboundPolicy({ OIDC_ISSUER: issuer, OUTBOUND_ALLOW: '', OUTBOUND_PORTS: '80,443' }),
    );

  it('reaches the configured issuer, even on a private address and its own port', async () => {
    const res = await gate(`http://127.0.0.1:${port}/realms/team`)(
      `http://127.0.0.1:${port}/.well-known/openid-configuration`,
      options,
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['a cluster-internal name', 'https://kubernetes.default.svc/api'],
    ['another private address', 'http://10.0.0.7/token'],
    ['loopback on another port', 'http://127.0.0.1:6379/'],
  ])('refuses %s named by the provider', async (_what, url) => {
    await expect(gate(`http://127.0.0.1:${port}/realms/team`)(url, options)).rejects.toThrow(
      OutboundRefusedError,
    );
  });

  it('refuses this machine’s own name when the issuer is elsewhere', async () => {
    await expect(
      gate('https://sso.example.com')(`http://localhost:${port}/jwks`, options),
    ).rejects.toThrow(OutboundRefusedError);
  });
});
