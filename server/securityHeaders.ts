/**
 * Security headers on every answer, by helmet (maintained, and its defaults follow current browser
 * guidance): a content security policy that allows only this origin's scripts (the workbench and the API
 * reference load nothing from elsewhere and run no inline script), no MIME sniffing, no framing, no
 * referrer beyond the origin, HSTS for deployments behind TLS. Pages with a stricter policy of their
 * own (printed agendas) set it themselves.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        // The workbench draws its map from bundled data and talks only to this server.
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        // Over plain HTTP on 127.0.0.1 (the default) an upgrade would break every request.
        'upgrade-insecure-requests': null,
      },
    },
  });
}
