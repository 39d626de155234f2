/**
 * Handing in documents for a step of the procedure (a defence, a reply): check every file, store
 * them, ask the workflow to take the step with their ids, and give a receipt. When the workflow
 * refuses, the stored files are removed again, so a refused step leaves nothing behind.
 */
import { refusedText } from './refusalReasons';
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { runCaseAction } from '../services/caseActions';
import { ActionRefused } from '../errors';
import type { Actor } from '../../contracts/messages';
import { deleteDocuments, fileProblem, issueReceipt, storeDocument, type DocumentKind, type DocumentMeta, type Party, type UploadedFile } from '../portal/documents';
import { LIMITS } from '../portal/rateLimit';
import { appendEvent } from '../../platform/store/cases';
import type { FieldError } from './forms';
import { messageKey, translate } from './i18n';
import { rateLimit } from './guards';

export interface Submission {
  caseId: string;
  caseNumber: string;
  party: Party;
  actor: Actor;
  /** The workflow step the documents belong to; absent: documents for the file only (recorded as `event`). */
  action?: string;
  /** The case event written for documents handed in without an action. */
  event?: string;
  purpose: string;
  text: string;
  files: Array<{ file: UploadedFile; kind: DocumentKind }>;
  /** Field that must have a file (a defence needs its document). */
  requireFileIn?: { field: string; messageKey: string };
  /** Text or at least one file must be given. */
  requireSomething?: { field: string; messageKey: string };
  /** The text sent to the workflow when only files were given. */
  defaultText?: string;
  /** More input of the action, set by the page (never from the form): which respondent hands it in. */
  input?: Record<string, unknown>;
}

export type SubmissionOutcome = { ok: true; receiptId: string } | { ok: false; status: number; errors: FieldError[] };

export async function submitWithDocuments(deps: { db: Knex; temporal: Client }, req: Request, s: Submission): Promise<SubmissionOutcome> {
  const lang = req.portal.lang;
  await rateLimit(deps.db, [[LIMITS.uploadsPerParty, `${s.party}:${s.caseId}`]]);
  const errors: FieldError[] = [];
  for (const { file } of s.files) {
    const problem = fileProblem(file);
    if (problem && !errors.some((e) => e.field === file.field)) errors.push({ field: file.field, message: translate(lang, problem, { name: file.clientName || '?' }) });
  }
  if (s.requireFileIn && !s.files.some(({ file }) => file.field === s.requireFileIn!.field) && !errors.some((e) => e.field === s.requireFileIn!.field)) {
    errors.push({ field: s.requireFileIn.field, message: translate(lang, messageKey(s.requireFileIn.messageKey)) });
  }
  if (s.requireSomething && !s.text && s.files.length === 0) errors.push({ field: s.requireSomething.field, message: translate(lang, messageKey(s.requireSomething.messageKey)) });
  if (s.text.length > 200_000) errors.push({ field: 'text', message: lang === 'nl' ? 'Gebruik hoogstens 200.000 tekens.' : 'Use at most 200,000 characters.' });
  if (errors.length) return { ok: false, status: 400, errors };

  const stored: DocumentMeta[] = [];
  for (const { file, kind } of s.files) stored.push(await storeDocument(deps.db, { caseId: s.caseId, party: s.party, actor: s.actor.userId, kind, file }));
  const text = s.text || s.defaultText || stored.map((d) => d.originalName).join(', ');
  try {
    if (s.action) await runCaseAction(deps.temporal, s.caseNumber, s.action, { ...s.input, text, documentIds: stored.map((d) => d.id), ...(s.text ? {} : { describesFiles: true }) }, s.actor);
    else await appendEvent(deps.db, { caseId: s.caseId, type: s.event ?? 'documents.submitted', actor: s.actor.userId, data: { documentIds: stored.map((d) => d.id) } });
  } catch (err) {
    await deleteDocuments(deps.db, stored.map((d) => d.id));
    if (err instanceof ActionRefused) {
      return { ok: false, status: err.status, errors: err.refusals.map((r) => ({ field: r.field === 'text' ? 'text' : 'action', message: refusedText(lang, r) })) };
    }
    throw err;
  }
  const receipt = await issueReceipt(deps.db, { caseId: s.caseId, party: s.party, purpose: s.purpose, documents: stored });
  return { ok: true, receiptId: receipt.id };
}
