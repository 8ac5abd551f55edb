import type {
  CorsOptions,
  CorsOptionsDelegate,
} from '@nestjs/common/interfaces/external/cors-options.interface';
import type { Request } from 'express';
import type { WidgetOrigins } from './widget-origins';

/** What a widget on a shop's page calls: its sessions, its conversation, the visitor's profile. */
const WIDGET_PATHS = /^\/api\/v1\/(widget\/|conversations\/|users\/me$)/;

const WIDGET_CORS: CorsOptions = {
  origin: true,
  methods: ['GET', 'POST'],
  allowedHeaders: ['authorization', 'content-type', 'last-event-id'],
  // Bearer tokens only: no cookie ever travels cross-origin.
  credentials: false,
  maxAge: 600,
};

/**
 * CORS: the origins in CORS_ORIGIN everywhere (as before), and a widget's allowed origins on
 * the routes its visitors use, nowhere else. Any other origin gets no CORS headers, so its
 * browser keeps the answer from the page.
 */
export function corsDelegate(
  configured: string[],
  widgets: WidgetOrigins,
): CorsOptionsDelegate<Request> {
  return (req, callback) => {
    const origin = req.headers.origin;
    if (!origin) return callback(null, { origin: false });
    if (configured.includes(origin)) return callback(null, { origin: true });
    if (!WIDGET_PATHS.test(req.path)) return callback(null, { origin: false });
    widgets.allows(origin).then(
      (allowed) => callback(null, allowed ? WIDGET_CORS : { origin: false }),
      // Postgres away: no CORS headers now; the widget retries.
      () => callback(null, { origin: false }),
    );
  };
}
