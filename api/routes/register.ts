/** The public register of schools (DUO open data) as intake uses it: find a school by name, place or BRIN code. */
import { Router } from 'express';
import type { Knex } from 'knex';
import { searchSchools, SEARCH_MAX, SEARCH_MIN } from '../../platform/register/store';
import { ValidationError } from '../errors';

/** The query's text, or a 400 naming the `q` parameter. */
export function searchQueryOf(raw: unknown): string {
  const q = typeof raw === 'string' ? raw.trim() : '';
  if (q.length < SEARCH_MIN || q.length > SEARCH_MAX) throw new ValidationError([{ field: 'q', message: `must be ${SEARCH_MIN} to ${SEARCH_MAX} characters` }]);
  return q;
}

export function registerRouter(deps: { db: Knex }): Router {
  const router = Router();
  router.get('/schools', async (req, res) => {
    const { hits, more } = await searchSchools(deps.db, searchQueryOf(req.query.q));
    res.json({
      schools: hits.map((h) => ({ brin: h.brin, name: h.name, place: h.place, sector: h.sector, board: { number: h.boardNumber, name: h.boardName, affiliatedSince: h.affiliatedSince } })),
      more,
    });
  });
  return router;
}
