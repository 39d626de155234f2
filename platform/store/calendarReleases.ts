/** Data access for calendar releases (domain/calendar/releases.ts): which open cases still compute with an older one. */
import type { Knex } from 'knex';
import { FIRST_CALENDAR_RELEASE } from '../../domain/calendar';
import { OPEN_STATUSES } from '../../domain/caseStatus';

/** Open cases not on `version` (a case without a pinned version is on the first release), by case number. */
export async function openCasesNotOnCalendar(db: Knex, version: string, limit: number): Promise<Array<{ case_number: string }>> {
  return db('cases')
    .whereIn('status', OPEN_STATUSES as readonly string[] as string[])
    .whereRaw('coalesce(calendar_version, ?) <> ?', [FIRST_CALENDAR_RELEASE, version])
    .orderBy('case_number')
    .limit(limit)
    .select('case_number');
}
