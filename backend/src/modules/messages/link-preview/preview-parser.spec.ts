import { parsePreview } from './preview-parser';

const page = new URL('https://news.example/articles/1');

describe('parsePreview', () => {
  it('reads the Open Graph tags, with the image made absolute', async () => {
    const html = `<html><head>
      <meta property="og:title" content="  A  headline ">
      <meta property="og:description" content="What happened">
      <meta property="og:image" content="/img/cover.png">
      <meta property="og:site_name" content="News">
      <title>Ignored</title></head><body></body></html>`;
    expect(await parsePreview('https://news.example/a', html, page)).toEqual({
      url: 'https://news.example/a',
      title: 'A headline',
      description: 'What happened',
      imageUrl: 'https://news.example/img/cover.png',
      siteName: 'News',
    });
  });

  it('falls back to <title> and the meta description, never to an <img> of the page', async () => {
    const html = `<html><head><title>Plain page</title>
      <meta name="description" content="Described"></head>
      <body><img src="/pixel.gif"></body></html>`;
    expect(await parsePreview('https://news.example/b', html, page)).toEqual({
      url: 'https://news.example/b',
      title: 'Plain page',
      description: 'Described',
      imageUrl: null,
      siteName: null,
    });
  });

  it('cuts long texts and drops images that are not http(s)', async () => {
    const html = `<head><meta property="og:title" content="${'t'.repeat(300)}">
      <meta property="og:description" content="${'d'.repeat(900)}">
      <meta property="og:image" content="javascript:alert(1)"></head>`;
    const preview = await parsePreview('https://news.example/c', html, page);
    expect([...preview!.title!]).toHaveLength(200);
    expect(preview!.title!.endsWith('…')).toBe(true);
    expect([...preview!.description!]).toHaveLength(500);
    expect(preview!.imageUrl).toBeNull();
  });

  it('is null for a page with nothing to show', async () => {
    expect(
      await parsePreview('https://x.example/', '<html><body>hi</body></html>', page),
    ).toBeNull();
  });
});
