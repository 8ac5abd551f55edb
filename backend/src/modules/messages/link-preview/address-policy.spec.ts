import { checkTarget, isForbiddenAddress, LinkRefusedError } from './address-policy';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::7f00:1',
    '::127.0.0.1',
    '2002:7f00:1::',
    'not an address',
    'localhost',
  ])('%s is refused', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );
});

describe('checkTarget', () => {
  const strict = { allowPrivate: false };
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
  ])('refuses %s', (url) => {
    expect(refused(url)).toThrow(LinkRefusedError);
  });

  it.each(['http://example.org/', 'https://example.org:443/a', 'http://93.184.215.14/'])(
    'allows %s',
    (url) => {
      expect(refused(url)).not.toThrow();
    },
  );

  it('with the test-only setting allows private addresses and any port, never other schemes', () => {
    const open = { allowPrivate: true };
    expect(refused('http://127.0.0.1:8080/', open)).not.toThrow();
    expect(refused('http://[::1]:3000/', open)).not.toThrow();
    expect(refused('file:///etc/passwd', open)).toThrow(LinkRefusedError);
  });
});
