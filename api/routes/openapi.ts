/** GET /api/openapi.json: the description of the JSON API (api/openapi/document.ts). */
import { Router } from 'express';
import { OPENAPI_DOCUMENT } from '../openapi/document';

export function openApiRouter(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  return router;
}
