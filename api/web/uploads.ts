/**
 * Reads a multipart form (a form with file inputs) with hard limits: at most MAX_FILES files of
 * MAX_FILE_BYTES each, small text fields. The CSRF token is checked after parsing and before the
 * route stores anything. File names and types from the client are kept only as claims.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { MAX_FILE_BYTES, MAX_FILES, type UploadedFile } from '../portal/documents';
import { assertCsrf } from './csrf';
import { MalformedForm, UploadTooLarge } from './errors';

export interface ParsedForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

export function parseMultipart(req: Request): Promise<ParsedForm> {
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
    const finish = () => {
      if (!parsed || pending > 0) return;
      if (tooMany) reject(new UploadTooLarge());
      else resolve({ fields, files });
    };
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      pending++;
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      // A form cut off inside a file part fails the file's stream too; unheard, that error would end the process.
      stream.on('error', (err) => reject(new MalformedForm(err)));
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
    bb.on('error', (err) => reject(new MalformedForm(err)));
    bb.on('close', () => {
      parsed = true;
      finish();
    });
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

export function isUploadPath(path: string): boolean {
  return uploadPaths.has(path);
}

/** Parses a multipart form and checks its CSRF token. */
export async function readUploadForm(req: Request): Promise<ParsedForm> {
  const form = await parseMultipart(req);
  assertCsrf(req, form.fields._csrf);
  return form;
}
