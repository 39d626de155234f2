/**
 * Reads a multipart form (a form with file inputs) without letting anyone make the server hold more
 * than one submission's worth of bytes:
 * - before a byte of the body is read: a session (csrf.ts), the party's upload budget not spent, and
 *   a declared Content-Length within MAX_UPLOAD_BYTES;
 * - the CSRF token must be the form's first part (the hidden `_csrf` field every form puts first;
 *   browsers send fields in document order, so forms keep working without JavaScript) or come in
 *   an X-CSRF-Token header; a request whose first part is anything else is refused at once;
 * - while reading, a running count stops the request as soon as it passes MAX_UPLOAD_BYTES, and
 *   each file stops at MAX_FILE_BYTES (at most MAX_FILES files).
 * A refused request is answered at once; what is still coming is dropped unread into nothing, and a
 * sender that keeps going is cut off shortly after the answer. File names and types from the client
 * are kept only as claims.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { MAX_FILE_BYTES, MAX_FILES, type UploadedFile } from '../portal/documents';
import { LIMITS } from '../portal/rateLimit';
import { csrfTokenMatches } from './csrf';
import { CsrfError, MalformedForm, UploadTooLarge } from './errors';
import { assertNotBlocked } from './guards';

export interface ParsedForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** One submission at most: a few large files plus the text fields. Larger bodies are refused with 413. */
export const MAX_UPLOAD_BYTES = 3 * MAX_FILE_BYTES;

export const CSRF_HEADER = 'X-CSRF-Token';

/** How long a refused sender may go on after the answer before its connection is cut. */
const LINGER_MS = 2000;

/**
 * For a refused body: the rest is read and dropped (never held), and the connection is cut if the
 * sender goes on for long after the answer. Closing at once instead would reset the connection
 * while the client still sends, and the client would lose the answer.
 */
export function dropRestOfBody(req: Request): void {
  req.unpipe();
  req.resume();
  req.res?.once('finish', () => {
    if (req.readableEnded) return;
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  });
}

export function parseMultipart(req: Request, opts: { tokenChecked: boolean }): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 20, fieldSize: 210_000, parts: MAX_FILES + 20 } });
    } catch (err) {
      return reject(new MalformedForm(err));
    }
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    let tooMany = false;
    let pending = 0;
    let parsed = false;
    let tokenChecked = opts.tokenChecked;
    let failed = false;
    let received = 0;

    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.off('data', count);
      dropRestOfBody(req);
      bb.removeAllListeners();
      bb.on('error', () => undefined);
      bb.destroy();
      files.length = 0;
      reject(err);
    };
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_UPLOAD_BYTES) fail(new UploadTooLarge());
    };
    const finish = () => {
      if (failed || !parsed || pending > 0) return;
      if (!tokenChecked) return fail(new CsrfError());
      if (tooMany) fail(new UploadTooLarge());
      else resolve({ fields, files });
    };
    bb.on('field', (name, value) => {
      if (!tokenChecked) {
        // The first part must be a valid token; nothing after a bad or missing one is read.
        if (name !== '_csrf' || !csrfTokenMatches(req, value)) return fail(new CsrfError());
        tokenChecked = true;
      }
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      if (!tokenChecked) {
        stream.on('error', () => undefined);
        stream.resume();
        return fail(new CsrfError());
      }
      pending++;
      // A form cut off inside a file part fails the file's stream too (unheard, that error would end
      // the process); after another failure destroyed the parser, it is already reported.
      stream.on('error', (err) => fail(new MalformedForm(err)));
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => {
        if (!failed) chunks.push(c);
      });
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('end', () => {
        pending--;
        // A file input left empty still sends a part, with no name and no bytes.
        if (info.filename || chunks.length > 0) files.push({ field, clientName: info.filename ?? '', content: Buffer.concat(chunks), truncated });
        finish();
      });
    });
    bb.on('filesLimit', () => {
      tooMany = true;
    });
    bb.on('error', (err) => fail(new MalformedForm(err)));
    bb.on('close', () => {
      parsed = true;
      finish();
    });
    req.on('data', count);
    req.pipe(bb);
  });
}

const uploadPaths = new Set<string>();

/**
 * Declares a POST path whose handler reads its multipart body with readUploadForm (which checks the
 * CSRF token). The CSRF middleware refuses a multipart body on any other path: a handler that never
 * parses the body would otherwise act on a request whose token nobody checked.
 */
export function uploadPath(path: string): string {
  uploadPaths.add(path);
  return path;
}

/** A declared path with parameters (/bestuur/zaken/:caseNumber/verweer) matches any one segment in their place. */
function pathPattern(declared: string): RegExp {
  const escaped = declared.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${escaped.join('/')}$`);
}

export function isUploadPath(path: string): boolean {
  if (uploadPaths.has(path)) return true;
  for (const declared of uploadPaths) if (declared.includes('/:') && pathPattern(declared).test(path)) return true;
  return false;
}

/** Checks what can be checked before the body (size, token header, upload budget), then parses it. */
export async function readUploadForm(db: Knex, req: Request): Promise<ParsedForm> {
  const declared = Number(req.get('Content-Length') ?? 0);
  if (declared > MAX_UPLOAD_BYTES) {
    dropRestOfBody(req);
    throw new UploadTooLarge();
  }
  const party = req.portal.session?.data.party;
  if (party && (party.kind === 'complainant' || party.kind === 'school')) {
    try {
      await assertNotBlocked(db, [[LIMITS.uploadsPerParty, `${party.kind}:${party.caseId}`]]);
    } catch (err) {
      dropRestOfBody(req);
      throw err;
    }
  }
  const header = req.get(CSRF_HEADER);
  if (header !== undefined && !csrfTokenMatches(req, header)) {
    dropRestOfBody(req);
    throw new CsrfError();
  }
  return parseMultipart(req, { tokenChecked: header !== undefined });
}
