import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';

/** Where `npm run build` puts the console (`vite build` of `web/`). */
export function consoleDir(): string {
  return join(projectRoot(), 'dist', 'web');
}

const NOT_CONSOLE = /^\/(?:api|docs)(?:[/-]|$)/;

/**
 * Serves the built console at `/`: its files as they are (hashed assets cached for a year), and
 * `index.html` for every other GET outside `/api` and `/docs`, so that deep links and reloads reach
 * the client-side routes. Without a build (unit and API tests) nothing is served and nothing breaks.
 */
export function serveConsole(app: NestExpressApplication): boolean {
  const dir = consoleDir();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const files = serveStatic(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (NOT_CONSOLE.test(req.path)) return next();
    files(req, res, () => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
      // A missing asset is a 404, not the page: a stale chunk must not be answered with HTML.
      if (req.path.startsWith('/assets/')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
  return true;
}
