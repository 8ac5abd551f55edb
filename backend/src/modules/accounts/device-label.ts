import { UAParser } from 'ua-parser-js';

/**
 * A person-readable device from a User-Agent header: "Firefox 133 on Linux", "Mobile Safari
 * 18.1 on iOS 18.1". Falls back to the header itself (API clients, bots), cut short.
 */
export function deviceLabel(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = [browser.name, browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const system = [os.name, os.version].filter(Boolean).join(' ');
  if (!name && !system) return userAgent.slice(0, 80);
  return system ? `${name || 'Unknown browser'} on ${system}` : name;
}
