import { Router } from 'express';

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      message: 'Datadog monitoring workshop webapp',
      service: process.env.DD_SERVICE ?? 'webapp',
      version: process.env.DD_VERSION ?? '1.0.0',
      endpoints: [
        '/health',
        '/users',
        '/delay',
        '/error',
        '/cpu-intensive',
        '/memory-usage',
        '/database-query',
      ],
    });
  });
  return router;
}
