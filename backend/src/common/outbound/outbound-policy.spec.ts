import { OutboundRefusedError } from './address-policy';
import { checkTarget, isInternalName, outboundPolicy } from './outbound-policy';

describe('checkTarget', () => {
  const strict = outboundPolicy();
  const refused =
    (url: string, policy = strict) =>
    () =>
      checkTarget(new URL(url), policy);

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://localhost/',
    'http://app.localhost/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://10.0.0.1/',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data/',
    'https://example.org:8443/',
    'http://example.org:22/',
    'ftp://example.org/',
    'file:///etc/passwd',
    'gopher://example.org/',
    'data:text/html,hi',
    'http://user:secret@example.org/',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://kubernetes.default.svc/api',
    'https://kubernetes.default.svc.cluster.local./api',
    'https://redis/',
    'https://printer.local/',
    'https://router.home.arpa/',
    'https://LOCALHOST./',
  ])('refuses %s', (url) => {
    expect(refused(url)).toThrow(OutboundRefusedError);
  });

  it.each(['http://example.org/', 'https://example.org:443/a', 'http://93.184.215.14/'])(
    'allows %s',
    (url) => {
      expect(refused(url)).not.toThrow();
    },
  );

  it('with the test-only setting allows private addresses and any port, never other schemes', () => {
    const open = outboundPolicy({ allowPrivate: true });
    expect(refused('http://127.0.0.1:8080/', open)).not.toThrow();
    expect(refused('http://[::1]:3000/', open)).not.toThrow();
    expect(refused('file:///etc/passwd', open)).toThrow(OutboundRefusedError);
  });
});

describe('internal names', () => {
  it.each(['metadata', 'metadata.google.internal', 'api.svc', 'x.cluster.local', 'nas.lan'])(
    '%s is internal',
    (name) => expect(isInternalName(name)).toBe(true),
  );
  it.each(['example.org', 'push.services.mozilla.com', 'fcm.googleapis.com'])('%s is not', (name) =>
    expect(isInternalName(name)).toBe(false),
  );
});

describe("the operator's allow-list and ports", () => {
  const policy = outboundPolicy({
    allow: 'sso.internal, .corp.example, 10.20.0.0/16, fd00::1',
    ports: '443,8443',
  });
  const check = (url: string) => () => checkTarget(new URL(url), policy);

  it('lets listed names, their subdomains and listed networks through', () => {
    expect(check('https://sso.internal/')).not.toThrow();
    expect(check('https://a.corp.example/')).not.toThrow();
    expect(check('https://corp.example/')).not.toThrow();
    expect(check('https://10.20.3.4/')).not.toThrow();
    expect(check('https://[fd00::1]:8443/')).not.toThrow();
  });

  it('keeps everything else refused, and limits ports to the configured ones', () => {
    expect(check('https://other.internal/')).toThrow(OutboundRefusedError);
    expect(check('https://10.21.0.1/')).toThrow(OutboundRefusedError);
    expect(check('http://example.org/')).toThrow('port 80');
    expect(check('https://example.org:8443/')).not.toThrow();
  });

  it('refuses a malformed entry or port', () => {
    expect(() => outboundPolicy({ allow: '10.0.0.0/40' })).toThrow('not a network');
    expect(() => outboundPolicy({ allow: 'a b' })).toThrow('neither');
    expect(() => outboundPolicy({ ports: '0' })).toThrow('not a port');
  });
});
