/**
 * The document store of a case: uploads by the parties, with the type taken from the bytes, a random
 * stored name, a sha256, and the list of parties it is released to. Every read goes through
 * `documentFor`, which checks the case and the release; nothing else hands out content.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { deleteDocumentsById, insertDocument, insertReceipt, receiptRow, releasedDocument, releasedDocuments } from '../../platform/store/documents';
import { detectFileType } from './fileTypes';

/** `respondent:N`: one person complained about (the case's respondents list, 1-based). */
export type Party = 'complainant' | 'school' | 'secretary' | `respondent:${number}`;
export type DocumentKind = 'complaint' | 'defence' | 'reply' | 'rejoinder' | 'evidence' | 'attachment';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

export interface UploadedFile {
  /** The form field it came in. */
  field: string;
  clientName: string;
  content: Buffer;
  /** Set when the file was cut off at the size limit. */
  truncated: boolean;
}

export interface DocumentMeta {
  id: string;
  kind: DocumentKind;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: Party;
  createdAt: Date;
}

const META_COLUMNS = ['id', 'kind', 'original_name', 'mime_type', 'size_bytes', 'sha256', 'uploaded_by', 'created_at'];

interface DocumentRow {
  id: string;
  kind: DocumentKind;
  original_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: Party;
  created_at: Date;
}

function toMeta(row: DocumentRow): DocumentMeta {
  return { id: row.id, kind: row.kind, originalName: row.original_name, mimeType: row.mime_type, sizeBytes: row.size_bytes, sha256: row.sha256, uploadedBy: row.uploaded_by, createdAt: row.created_at };
}

/** Only the last path segment, without control characters, at most 200 characters: for display. */
export function displayName(clientName: string): string {
  const base = clientName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean || 'document';
}

/** Why a file cannot be accepted, as a message key for the form; undefined when it is fine. */
export function fileProblem(file: UploadedFile): 'file.tooLarge' | 'file.empty' | 'file.type' | undefined {
  if (file.truncated || file.content.length > MAX_FILE_BYTES) return 'file.tooLarge';
  if (file.content.length === 0) return 'file.empty';
  if (!detectFileType(file.content, file.clientName)) return 'file.type';
  return undefined;
}

export async function storeDocument(
  db: Knex,
  doc: { caseId: string; party: Party; actor: string; kind: DocumentKind; file: UploadedFile },
): Promise<DocumentMeta> {
  const type = detectFileType(doc.file.content, doc.file.clientName);
  if (!type || fileProblem(doc.file)) throw new Error('storeDocument: file was not checked with fileProblem first');
  const row = await insertDocument(
    db,
    {
      case_id: doc.caseId,
      uploaded_by: doc.party,
      uploaded_by_actor: doc.actor,
      kind: doc.kind,
      original_name: displayName(doc.file.clientName),
      stored_name: `${crypto.randomUUID()}.${type.extension}`,
      mime_type: type.mime,
      size_bytes: doc.file.content.length,
      sha256: crypto.createHash('sha256').update(doc.file.content).digest('hex'),
      // The uploader sees its own document; the secretary decides who else does.
      released_to: JSON.stringify([doc.party]),
      content: doc.file.content,
    },
    META_COLUMNS,
  );
  return toMeta(row);
}

/** Documents of this case released to this party, newest last. */
export async function documentsFor(db: Knex, caseId: string, party: Party): Promise<DocumentMeta[]> {
  const rows = await releasedDocuments(db, caseId, party, META_COLUMNS);
  return rows.map(toMeta);
}

/** One document with its content, only when it belongs to this case and is released to this party. */
export async function documentFor(db: Knex, caseId: string, party: Party, id: string): Promise<(DocumentMeta & { content: Buffer }) | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await releasedDocument(db, caseId, party, id, [...META_COLUMNS, 'content']);
  return row ? { ...toMeta(row), content: row.content } : undefined;
}

export async function deleteDocuments(db: Knex, ids: string[]): Promise<void> {
  if (ids.length) await deleteDocumentsById(db, ids);
}

export interface Receipt {
  id: string;
  reference: string;
  receivedAt: Date;
  purpose: string;
  documents: Array<{ id: string; name: string; sizeBytes: number; sha256: string; mimeType: string }>;
}

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function receiptReference(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('');
  return `OB-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

/** A receipt for what a party handed in: what, when, and the fingerprint of each file. */
export async function issueReceipt(db: Knex, r: { caseId: string; party: Party; purpose: string; documents: DocumentMeta[] }): Promise<Receipt> {
  const documents = r.documents.map((d) => ({ id: d.id, name: d.originalName, sizeBytes: d.sizeBytes, sha256: d.sha256, mimeType: d.mimeType }));
  const row = await insertReceipt(db, { reference: receiptReference(), case_id: r.caseId, party: r.party, purpose: r.purpose, documents: JSON.stringify(documents) });
  return { id: row.id, reference: row.reference, receivedAt: row.received_at, purpose: row.purpose, documents: row.documents };
}

export async function receiptFor(db: Knex, caseId: string, party: Party, id: string): Promise<Receipt | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await receiptRow(db, caseId, party, id);
  return row ? { id: row.id, reference: row.reference, receivedAt: row.received_at, purpose: row.purpose, documents: row.documents } : undefined;
}
