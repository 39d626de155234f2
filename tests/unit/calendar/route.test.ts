import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlinesRouter } from '../../../api/routes/deadlines';
import { calendar } from './support';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/api/deadlines', deadlinesRouter(calendar));
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/deadlines`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

async function get(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}?${query}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const fieldsOf = (body: Record<string, unknown>) => (body.errors as Array<{ field: string }>).map((error) => error.field).sort();

describe('GET /api/deadlines', () => {
  it('returns the due date, provisional flag, trace and explanation', async () => {
    const { status, body } = await get('from=2026-03-30&weeks=4');
    expect(status).toBe(200);
    expect(body.due).toBe('2026-04-28');
    expect(body.provisional).toBe(false);
    expect(Array.isArray(body.trace)).toBe(true);
    expect((body.explanation as { nl: string }).nl).toContain('Koningsdag; op grond van art. 1 Algemene termijnenwet verschoven naar dinsdag 28 april 2026');
  });

  it('takes atw=false, direction=backward, region and working-days', async () => {
    expect((await get('from=2026-03-30&weeks=4&atw=false')).body.due).toBe('2026-04-27');
    expect((await get('from=2026-06-16&weeks=2&direction=backward')).body.due).toBe('2026-06-02');
    expect((await get('from=2025-10-01&weeks=2&region=zuid')).body.due).toBe('2025-10-24');
    expect((await get('from=2026-04-30&working-days=5')).body.due).toBe('2026-05-08');
    expect((await get('from=2028-12-10&weeks=4')).body.provisional).toBe(true);
  });

  it('names every bad field in one 400 response', async () => {
    const { status, body } = await get('from=2026-02-30&weeks=-1&region=west&atw=maybe&direction=sideways');
    expect(status).toBe(400);
    expect(fieldsOf(body)).toEqual(['atw', 'direction', 'from', 'region', 'weeks']);
  });

  it('requires from and exactly one term', async () => {
    expect(fieldsOf((await get('weeks=4')).body)).toEqual(['from']);
    expect(fieldsOf((await get('from=2026-03-30')).body)).toEqual(['term']);
    const two = await get('from=2026-03-30&days=3&weeks=4');
    expect(two.status).toBe(400);
    expect(fieldsOf(two.body)).toEqual(['days', 'weeks']);
  });

  it('rejects unknown and repeated parameters', async () => {
    expect(fieldsOf((await get('from=2026-03-30&weeks=4&hours=3')).body)).toEqual(['hours']);
    expect(fieldsOf((await get('from=2026-03-30&weeks=4&weeks=5')).body)).toEqual(['weeks']);
  });

  it('maps errors found during the computation to the query parameter', async () => {
    const outOfRange = await get('from=2200-12-20&weeks=4');
    expect(outOfRange.status).toBe(400);
    expect(fieldsOf(outOfRange.body)).toEqual(['weeks']);
    const noSchoolData = await get('from=2024-01-10&weeks=4&region=zuid');
    expect(fieldsOf(noSchoolData.body)).toEqual(['region']);
    expect(fieldsOf((await get('from=1899-12-31&weeks=4')).body)).toEqual(['from']);
  });
});
