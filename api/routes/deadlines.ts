/**
 * GET /api/deadlines?from=YYYY-MM-DD&weeks=4[&atw=false][&direction=backward][&region=zuid]
 * Exactly one of days | weeks | months | working-days.
 * 200 → {due, provisional, trace, explanation}; 400 → {errors: [{field, message}]} naming every bad
 * query parameter (all of them, not just the first).
 */
import type { FieldError } from '../../contracts/fieldError';
import { Request, Response, Router } from 'express';
import {
  CalendarInputError,
  LegalCalendar,
  TermSpec,
  TermUnit,
  assertIsoDate,
  computeDeadline,
  defaultLegalCalendar,
  isSchoolRegion,
} from '../../domain/calendar';

export type { FieldError };

const TERM_PARAMS: ReadonlyArray<readonly [string, TermUnit]> = [
  ['days', 'days'],
  ['weeks', 'weeks'],
  ['months', 'months'],
  ['working-days', 'working-days'],
];
const KNOWN_PARAMS = new Set(['from', 'atw', 'direction', 'region', ...TERM_PARAMS.map(([name]) => name)]);

/** Maps a CalendarInputError's field back to the query parameter the user typed. */
function paramOf(field: string, termParam: string): string {
  if (field === 'trigger') return 'from';
  if (field === 'term.pauseDuringSchoolHolidaysOf') return 'region';
  if (field === 'term.direction') return 'direction';
  if (field === 'term.applyAtw') return 'atw';
  return termParam;
}

type Parsed = { ok: true; trigger: string; term: TermSpec; termParam: string } | { ok: false; errors: FieldError[] };

function parseQuery(query: Request['query']): Parsed {
  const errors: FieldError[] = [];
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      errors.push({ field: name, message: `${name} must be given once, as a single value` });
      return undefined;
    }
    return value;
  };

  for (const name of Object.keys(query)) {
    if (!KNOWN_PARAMS.has(name)) errors.push({ field: name, message: `unknown parameter ${name}` });
  }

  const from = single('from');
  if (from === undefined && query.from === undefined) {
    errors.push({ field: 'from', message: 'from (YYYY-MM-DD) is required' });
  } else if (from !== undefined) {
    try {
      assertIsoDate(from, 'from');
    } catch (error) {
      errors.push({ field: 'from', message: (error as Error).message });
    }
  }

  const given = TERM_PARAMS.filter(([name]) => query[name] !== undefined);
  if (given.length === 0) {
    errors.push({ field: 'term', message: 'give exactly one of days, weeks, months, working-days' });
  }
  let amount = NaN;
  for (const [name] of given) {
    if (given.length > 1) {
      errors.push({ field: name, message: `give exactly one of days, weeks, months, working-days; got ${given.map(([n]) => n).join(', ')}` });
    }
    const text = single(name);
    if (text === undefined) continue;
    if (/^[1-9]\d*$/.test(text)) amount = Number(text);
    else errors.push({ field: name, message: `${name} must be a positive whole number, got ${JSON.stringify(text)}` });
  }

  const atw = single('atw');
  if (atw !== undefined && atw !== 'true' && atw !== 'false') {
    errors.push({ field: 'atw', message: 'atw must be true or false' });
  }
  const direction = single('direction');
  if (direction !== undefined && direction !== 'forward' && direction !== 'backward') {
    errors.push({ field: 'direction', message: 'direction must be forward or backward' });
  }
  const region = single('region');
  if (region !== undefined && !isSchoolRegion(region)) {
    errors.push({ field: 'region', message: 'region must be noord, midden or zuid' });
  }

  if (errors.length > 0 || from === undefined) return { ok: false, errors };
  const [termParam, unit] = given[0];
  return {
    ok: true,
    trigger: from,
    termParam,
    term: {
      amount,
      unit,
      direction: direction === 'backward' ? 'backward' : 'forward',
      applyAtw: atw !== 'false',
      ...(isSchoolRegion(region) ? { pauseDuringSchoolHolidaysOf: region } : {}),
    },
  };
}

export function deadlinesRouter(calendar: LegalCalendar = defaultLegalCalendar()): Router {
  const router = Router();
  router.get('/', (req: Request, res: Response) => {
    const parsed = parseQuery(req.query);
    if (!parsed.ok) {
      res.status(400).json({ errors: parsed.errors });
      return;
    }
    try {
      const result = computeDeadline({ trigger: parsed.trigger, term: parsed.term }, calendar);
      res.json({
        due: result.due,
        provisional: result.provisional,
        calendarVersion: result.calendarVersion,
        trace: result.trace,
        explanation: result.explanation,
      });
    } catch (error) {
      if (!(error instanceof CalendarInputError)) throw error;
      res.status(400).json({ errors: [{ field: paramOf(error.field, parsed.termParam), message: error.message }] });
    }
  });
  return router;
}
