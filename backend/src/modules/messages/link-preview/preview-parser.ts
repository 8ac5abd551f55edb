import ogs from 'open-graph-scraper';
import type { LinkPreviewDto } from './link-preview.dto';

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 500;
const MAX_SITE_NAME = 100;
const MAX_IMAGE_URL = 2048;

/**
 * The preview of a page already fetched (open-graph-scraper only parses it here, it never
 * fetches): Open Graph title, description, image and site name, with the page's <title> and
 * meta description when it has no Open Graph ones. Null when there is nothing to show.
 */
export async function parsePreview(
  link: string,
  html: string,
  pageUrl: URL,
): Promise<LinkPreviewDto | null> {
  let result;
  try {
    ({ result } = await ogs({
      html,
      // Fall back for the title and description only: a page's first <img> is rarely its picture.
      onlyGetOpenGraphInfo: ['image', 'url', 'favicon', 'logo', 'locale', 'audioUrl', 'date'],
    }));
  } catch {
    return null;
  }
  const title = clean(result.ogTitle, MAX_TITLE);
  const description = clean(result.ogDescription, MAX_DESCRIPTION);
  if (!title && !description) return null;
  return {
    url: link,
    title,
    description,
    imageUrl: imageUrl(result.ogImage?.[0]?.url, pageUrl),
    siteName: clean(result.ogSiteName, MAX_SITE_NAME),
  };
}

/** White space collapsed, cut at `max` characters (with an ellipsis); null when empty. */
function clean(value: string | undefined, max: number): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const chars = [...text];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : text;
}

/** Absolute against the page, and only http(s): a client puts it in an <img src>. */
function imageUrl(value: string | undefined, pageUrl: URL): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= MAX_IMAGE_URL ? url.href : null;
  } catch {
    return null;
  }
}
