/**
 * A tiny cookie-keeping HTTP client for the portal's pages, for integration tests without a
 * browser: it follows nothing by itself (redirects are asserted), reads the CSRF token from forms,
 * and posts forms as a browser would (urlencoded, or multipart with files).
 */
import { logInStaff, STAFF_LANDINGS } from './staffLogin';
import { expect } from 'vitest';

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie headers seen, for asserting attributes. */
  readonly setCookies: string[] = [];

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const raw of res.headers.getSetCookie()) {
      this.setCookies.push(raw);
      const [pair, ...attrs] = raw.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<PageResponse> {
    const res = await fetch(this.baseUrl + path, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() } });
    this.remember(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path: string): Promise<PageResponse> {
    return this.request(path);
  }

  /** GET, following redirects (same origin), as a browser does after a POST. */
  async follow(res: PageResponse, max = 5): Promise<PageResponse> {
    let current = res;
    for (let i = 0; i < max && current.location; i++) current = await this.get(current.location);
    return current;
  }

  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  postMultipart(path: string, fields: Record<string, string>, files: Array<{ field: string; name: string; type: string; content: Buffer }>): Promise<PageResponse> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
    return this.request(path, { method: 'POST', body: form });
  }

  /** The CSRF token of the form on a page (GETs the page first). */
  async csrf(path: string): Promise<string> {
    const page = await this.get(path);
    const token = csrfOf(page.text);
    if (!token) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
    return token;
  }
}

export function csrfOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** A minimal valid PDF (magic bytes are what the store checks). */
export function samplePdf(text = 'Verweerschrift'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/** An executable's header (MZ), whatever it is called. */
export function fakeExecutable(): Buffer {
  return Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);
}

/** A staff member's session, logged in through /inloggen as a person would. */
export async function staffLogIn(baseUrl: string, email: string, password: string): Promise<WebClient> {
  const web = new WebClient(baseUrl);
  // Through the whole login, second factor included (chairs and admins enrol one at first login).
  const res = await logInStaff(web, email, password);
  expect(STAFF_LANDINGS).toContain(res.location);
  return web;
}

/** Posts a console action form, then confirms it on the confirmation page, as a person clicking would. */
export async function consoleAct(web: WebClient, caseNumber: string, action: string, fields: Record<string, string>): Promise<PageResponse> {
  const path = `/medewerkers/zaken/${caseNumber}/acties/${action}`;
  const form = await web.get(path);
  // An action of another role is refused for the role already on its form page.
  if (form.status === 403) return form;
  expect(form.status).toBe(200);
  const review = await web.postForm(path, { _csrf: csrfOf(form.text)!, ...fields, step: 'review' });
  if (review.status !== 200) return review;
  expect(review.text).toContain('name="step" value="confirm"');
  return web.postForm(path, { _csrf: csrfOf(review.text)!, ...fields, step: 'confirm' });
}
