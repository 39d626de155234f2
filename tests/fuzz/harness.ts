/**
 * The fuzzer's harness: sends requests over plain HTTP (raw paths, raw bytes) with bounded
 * concurrency, counts them per endpoint family, and checks each batch: no 5xx, no hang, nothing on
 * console.error or as an unhandled rejection, and, when every request of the batch was refused
 * (4xx), not one row more or less in the tables a request could write to.
 */
import http from 'node:http';
import type { Knex } from 'knex';

export interface FuzzRequest {
  /** Endpoint family: "METHOD route" as the OpenAPI document or the router names it. */
  family: string;
  method: string;
  /** Path and query exactly as they go on the wire. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Who sends it (for the report). */
  as: string;
}

export interface FuzzAnswer {
  status: number;
  location?: string;
}

/**
 * The tables a request could write to. Two are left out on purpose: rate_limits counts refused
 * attempts by design (that is how guessing is slowed down), and case_access_log records who saw a
 * case, which a refused form does when it shows the case's page again with its errors.
 */
export const STORED_TABLES = [
  'cases',
  'case_events',
  'intake_requests',
  'letters',
  'letter_outbox',
  'documents',
  'upload_receipts',
  'school_links',
  'web_sessions',
  'users',
  'committee_members',
  'hearing_panel_assignments',
  'hearings',
  'compliance_measures',
  'api_tokens',
  'admin_audit',
  'dev_mailbox',
] as const;

export type RowCounts = Record<(typeof STORED_TABLES)[number], number>;

/**
 * The worker writes events of its own accord (the mail outbox reporting a letter sent, as actor
 * "system"), on its own schedule: those are not a request's doing.
 */
const OWN_ACCORD: Partial<Record<(typeof STORED_TABLES)[number], string>> = {
  case_events: "actor <> 'system'",
  // Every staff login, failed ones included, is audited on purpose (a refused login is written).
  admin_audit: "target_type <> 'login'",
};

export async function rowCounts(db: Knex): Promise<RowCounts> {
  const sql = `select ${STORED_TABLES.map((t) => `(select count(*) from ${t}${OWN_ACCORD[t] ? ` where ${OWN_ACCORD[t]}` : ''})::int as ${t}`).join(', ')}`;
  const { rows } = await db.raw<{ rows: RowCounts[] }>(sql);
  return rows[0];
}

/**
 * The tables that gained rows. Rows also go away on their own while a batch runs (an expired session
 * deleted when it is next read or swept, a school's session ended once its case has closed): that is
 * housekeeping, not something a refused request stored.
 */
export function countDiff(before: RowCounts, after: RowCounts): string[] {
  return STORED_TABLES.filter((t) => after[t] > before[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
}

/** The newest rows of the tables that changed, for a failure report. */
export async function newestRows(db: Knex, before: RowCounts, after: RowCounts): Promise<string> {
  const out: string[] = [];
  for (const t of STORED_TABLES.filter((name) => after[name] > before[name])) {
    const { rows } = await db.raw(`select * from ${t} order by ctid desc limit ?`, [Math.min(5, after[t] - before[t])]);
    out.push(`${t}: ${JSON.stringify(rows, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v)).slice(0, 2_000)}`);
  }
  return out.join('\n');
}

/** Waits until no table changes for `quietMs` (background work of an accepted request settling). */
export async function settle(db: Knex, quietMs = 1_000, maxMs = 30_000): Promise<RowCounts> {
  const deadline = Date.now() + maxMs;
  let last = await rowCounts(db);
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await rowCounts(db);
    if (countDiff(last, now).length === 0) return now;
    if (Date.now() > deadline) throw new Error(`tables still changing after ${maxMs} ms: ${countDiff(last, now).join(', ')}`);
    last = now;
  }
}

export const HANG_MS = 20_000;

export class Sender {
  readonly perFamily = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  // A connection per request: a reused keep-alive socket the server just timed out would read as a hang-up.
  private readonly agent = new http.Agent({ keepAlive: false, maxSockets: 16 });

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  get total(): number {
    let n = 0;
    for (const v of this.perFamily.values()) n += v;
    return n;
  }

  count(family: string, status: number): void {
    this.perFamily.set(family, (this.perFamily.get(family) ?? 0) + 1);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  send(r: FuzzRequest): Promise<FuzzAnswer> {
    return new Promise((resolve, reject) => {
      const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
      const headers: Record<string, string> = { ...r.headers };
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
      const req = http.request({ host: this.host, port: this.port, method: r.method, path: r.path, headers, agent: this.agent, timeout: HANG_MS }, (res) => {
        res.resume();
        res.on('end', () => {
          this.count(r.family, res.statusCode!);
          resolve({ status: res.statusCode!, location: res.headers.location });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`hang: no answer within ${HANG_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends all, at most `concurrency` at a time; a request that fails to get an answer is a 0. */
  async sendAll(reqs: FuzzRequest[], concurrency = 16): Promise<Array<FuzzAnswer & { error?: string }>> {
    const out: Array<FuzzAnswer & { error?: string }> = new Array(reqs.length);
    let next = 0;
    const worker = async () => {
      while (next < reqs.length) {
        const i = next++;
        try {
          out[i] = await this.send(reqs[i]);
        } catch (err) {
          this.count(reqs[i].family, 0);
          out[i] = { status: 0, error: (err as Error).message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, reqs.length) }, worker));
    return out;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A request in a failure report: enough to send it again by hand. */
export function describe(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : ` body(${Buffer.byteLength(r.body)} bytes)=${JSON.stringify(String(r.body).slice(0, 300))}`;
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, k.toLowerCase() === 'cookie' || k.toLowerCase() === 'authorization' ? `${v.slice(0, 12)}…` : v.slice(0, 200)]));
  return `${r.method} ${r.path.slice(0, 300)} as ${r.as} headers=${JSON.stringify(headers)}${body}`;
}
