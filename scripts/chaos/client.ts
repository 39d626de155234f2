/**
 * The chaos run's HTTP client: what a well-behaved API client does while parts of the system die
 * under it. A request that finds no server (connection refused or reset, a timeout) or a 5xx is
 * tried again with backoff; intake carries an Idempotency-Key, so a retried filing is answered
 * with the same case. Every retry is logged and counted per operation — none is silent.
 */
export interface Response {
  status: number;
  // The API's JSON, read by the load generator field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RetryRecord {
  at: string;
  op: string;
  attempt: number;
  reason: string;
}

export class GaveUpError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeFailure(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

export class ChaosClient {
  readonly retries: Record<string, number> = {};
  readonly retryLog: RetryRecord[] = [];
  givenUp = 0;
  /** Told of every 2xx answer, with when its request started (recovery times are measured from it). */
  onSuccess?: (label: string, startedAtMs: number) => void;

  constructor(
    private readonly baseUrl: () => string,
    private readonly log: (line: string) => void,
    private readonly opts: { requestTimeoutMs?: number; giveUpAfterMs?: number } = {},
  ) {}

  get totalRetries(): number {
    return Object.values(this.retries).reduce((s, n) => s + n, 0);
  }

  /** Logged and counted: the caller is about to try `op` again because of `reason`. */
  noteRetry(op: string, attempt: number, reason: string): void {
    this.retries[op] = (this.retries[op] ?? 0) + 1;
    const record = { at: new Date().toISOString(), op, attempt, reason };
    this.retryLog.push(record);
    this.log(`retry ${op} (attempt ${attempt + 1}): ${reason}`);
  }

  /**
   * One request, tried again on connection errors and 5xx until it gets a real answer (2xx or 4xx)
   * or `giveUpAfterMs` passes. `label` names the operation in the retry counts.
   */
  async request(label: string, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      const attemptStarted = Date.now();
      try {
        const res = await fetch(`${this.baseUrl()}${path}`, {
          method,
          headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
          body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
          signal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 60_000),
        });
        const text = await res.text();
        if (res.status < 300) this.onSuccess?.(label, attemptStarted);
        if (res.status < 500) return { status: res.status, body: text ? JSON.parse(text) : undefined };
        reason = `HTTP ${res.status}: ${text.slice(0, 160)}`;
      } catch (err) {
        reason = describeFailure(err);
      }
      if (Date.now() - started > (this.opts.giveUpAfterMs ?? 600_000)) {
        this.givenUp++;
        throw new GaveUpError(`${label} ${method} ${path}: gave up after ${attempt} attempts: ${reason}`);
      }
      this.noteRetry(label, attempt, reason);
      await sleep(Math.min(3000, 200 * 2 ** Math.min(attempt, 4)));
    }
  }
}
