import { deviceLabel } from './device-label';

describe('deviceLabel', () => {
  it('names the browser and system of common user agents', () => {
    expect(
      deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'),
    ).toBe('Firefox 133 on Linux');
    expect(
      deviceLabel(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 131 on Mac OS 10.15.7');
  });

  it('falls back to the header for clients it does not know, and null for none', () => {
    expect(deviceLabel('chat-cli/1.2')).toBe('chat-cli/1.2');
    expect(deviceLabel(null)).toBeNull();
  });
});
