/** The Temporal SDK's log entries reach pino; request URLs are logged without what identifies a person. */
import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../api/middleware/requestLog';
import { createLogger } from '../../platform/log';
import { temporalLogger } from '../../platform/metrics/temporalRuntime';

describe('temporalLogger', () => {
  it('writes Temporal entries at or above the level into pino, with their metadata, personal fields censored', () => {
    const seen: string[] = [];
    const pinoLog = createLogger({ level: 'info' }, { write: (l: string) => void seen.push(l) });
    const log = temporalLogger(pinoLog, 'info');
    log.debug('polling', { taskQueue: 'klachtflow' });
    log.warn('activity failed', { workflowId: 'complaint-2026-000001', activityType: 'deliverPendingLetters', email: 'anna@example.nl' });
    expect(seen.map((l) => JSON.parse(l))).toMatchObject([{ level: 40, component: 'temporal', workflowId: 'complaint-2026-000001', activityType: 'deliverPendingLetters', email: '[redacted]', msg: 'activity failed' }]);
    expect(seen).toHaveLength(1);
  });
});

describe('loggableUrl', () => {
  it('keeps the path and harmless query values, censors the rest and a school link token', () => {
    expect(loggableUrl('/api/complaints/2026-000001')).toBe('/api/complaints/2026-000001');
    expect(loggableUrl('/zaak?lang=en&email=a%40b.nl')).toBe('/zaak?lang=en&email=[redacted]');
    expect(loggableUrl('/school/Zq3k9xVb2LmN8pQr')).toBe('/school/[redacted]');
    expect(loggableUrl('/school/Zq3k9xVb2LmN8pQr?lang=en')).toBe('/school/[redacted]?lang=en');
    expect(loggableUrl('/school/brieven/12')).toBe('/school/brieven/12');
    expect(loggableUrl('/betrokkene/FY4X-S7MT-VMZG-7DKN-M5YJ')).toBe('/betrokkene/[redacted]');
    expect(loggableUrl('/betrokkene/brieven/4/pdf')).toBe('/betrokkene/brieven/4/pdf');
    expect(loggableUrl('/betrokkene/reactie')).toBe('/betrokkene/reactie');
  });
});
