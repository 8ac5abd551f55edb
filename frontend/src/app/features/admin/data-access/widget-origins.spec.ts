import { normalizeOrigin, originProblem, snippetWithContext } from './widget-origins';

describe('widget origins', () => {
  it('normalizes what people paste into what browsers send', () => {
    expect(normalizeOrigin('  HTTPS://Shop.Example:8443/ ')).toBe('https://shop.example:8443');
  });

  it.each(['https://shop.example', 'https://shop.example:8443', 'http://localhost:4000'])(
    'accepts %s',
    (origin) => expect(originProblem(origin, [])).toBeNull(),
  );

  it.each(['shop.example', 'https://shop.example/products', 'ftp://shop.example', 'https://'])(
    'refuses %s, saying how an origin looks',
    (text) => expect(originProblem(text, [])).toContain('https://shop.example'),
  );

  it('refuses a duplicate and a 21st origin', () => {
    expect(originProblem('https://Shop.example/', ['https://shop.example'])).toBe(
      'https://shop.example is already allowed.',
    );
    const twenty = Array.from({ length: 20 }, (_, i) => `https://s${i}.example`);
    expect(originProblem('https://new.example', twenty)).toBe('At most 20 origins.');
  });

  it('adds a product context to the snippet', () => {
    expect(
      snippetWithContext('<script src="https://c/widget.js" data-widget="w1" async></script>'),
    ).toBe(
      `<script src="https://c/widget.js" data-widget="w1" data-context='{"product":"Slim jeans","category":"bottoms"}' async></script>`,
    );
  });
});
