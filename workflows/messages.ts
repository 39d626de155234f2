/**
 * The complaint workflow's messages, defined once: the API sends them, the workflow handles them.
 * Actions that need an answer are updates with validators, so a refused action writes nothing.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseStatus } from '../domain/caseStatus';

export interface CaseStateView {
  caseNumber: string;
  status: CaseStatus;
  closed: boolean;
  /** The updates this state accepts right now, by name. */
  allowedActions: string[];
}

export interface WithdrawInput {
  reason?: string;
  /** Who asks: the complainant through the portal, or a secretary recording it. */
  requestedBy: 'complainant' | 'secretary';
}

export const caseStateQuery = defineQuery<CaseStateView>('caseState');
export const withdrawUpdate = defineUpdate<CaseStateView, [WithdrawInput]>('withdraw');
