/**
 * The staff login's second factor: TOTP (RFC 6238, 30-second steps, six digits, SHA-1 — what every
 * authenticator app speaks) through otplib, plus ten single-use recovery codes.
 *
 * - The secret is sealed at rest (seal.ts, key from KLACHTFLOW_SECRET) and shown only during
 *   enrolment; afterwards nobody, administrators included, can read it back.
 * - A code is accepted for the current step and one step either side (clock drift), and only for a
 *   step later than the last one accepted: the same code cannot be used twice, not even in parallel
 *   (the check of the stored step and its update are one conditional UPDATE).
 * - Recovery codes are random (10 base32 characters, 50 bits), stored as sha256; using one is a
 *   conditional UPDATE too, so it works exactly once.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import {
  advanceTotpStep, BOARD_CONTACT_ACCOUNTS, deleteFactor, enabledFactor, factorCounts, STAFF_ACCOUNTS, storeEnrolment, useRecoveryCode,
  type FactorAccounts,
} from '../../platform/store/secondFactors';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { seal, unseal } from './seal';
import { saveSessionData, type Session } from './sessions';
import { STAFF_ROLES, type StaffRole } from './users';

const PURPOSE = 'totp-secret:v1';
const ISSUER = 'klachtflow';
/** Seconds either side of now: the step before and after the current one are accepted. */
const TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret();
}

export function sealTotpSecret(serverSecret: string, totpSecret: string): string {
  return seal(serverSecret, PURPOSE, totpSecret);
}

export function unsealTotpSecret(serverSecret: string, sealed: string): string | undefined {
  return unseal(serverSecret, PURPOSE, sealed);
}

/**
 * The secret being enrolled in this session: kept sealed in the session, so reloading the
 * enrolment page keeps the same QR code; a fresh one the first time.
 */
export async function sessionEnrolmentSecret(db: Knex, serverSecret: string, session: Session): Promise<string> {
  const kept = session.data.totpEnrolment && unsealTotpSecret(serverSecret, session.data.totpEnrolment.sealedSecret);
  if (kept) return kept;
  const fresh = newTotpSecret();
  session.data = { ...session.data, totpEnrolment: { sealedSecret: sealTotpSecret(serverSecret, fresh) } };
  await saveSessionData(db, session);
  return fresh;
}

/** What the authenticator app scans: the otpauth:// URI as an inline SVG QR code. */
export async function enrolmentQr(email: string, totpSecret: string): Promise<{ uri: string; svg: string }> {
  const uri = generateURI({ issuer: ISSUER, label: email, secret: totpSecret });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, svg };
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(totpSecret: string): string {
  return totpSecret.replace(/(.{4})/g, '$1 ').trim();
}

const DIGITS = /^\d{6}$/;

/** The time step of a right code after `afterStep`, or undefined. */
async function matchingStep(totpSecret: string, code: string, afterStep: number | null): Promise<number | undefined> {
  if (!DIGITS.test(code)) return undefined;
  const result = await verify({ secret: totpSecret, token: code, epochTolerance: TOLERANCE_SECONDS, ...(afterStep === null ? {} : { afterTimeStep: afterStep }) });
  // otplib's functional verify answers for HOTP and TOTP alike; only a TOTP answer names its step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

// Where a kind of account keeps its second factor: staff in `users`, board contacts in `board_contacts`.
export { BOARD_CONTACT_ACCOUNTS, STAFF_ACCOUNTS, type FactorAccounts };

export interface TwoFactorState {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function twoFactorState(db: Knex, userId: string, accounts: FactorAccounts = STAFF_ACCOUNTS): Promise<TwoFactorState> {
  const { enabledAt, left } = await factorCounts(db, accounts, userId);
  return { enabled: Boolean(enabledAt), enabledAt: enabledAt ?? null, recoveryCodesLeft: left };
}

function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * Confirms an enrolment with its first code: the secret is stored (sealed), the code's step counts
 * as used, and ten fresh recovery codes replace any old ones. Returns the codes (to show once), or
 * undefined when the code is wrong.
 */
export async function confirmEnrolment(db: Knex, serverSecret: string, userId: string, totpSecret: string, code: string, accounts: FactorAccounts = STAFF_ACCOUNTS): Promise<string[] | undefined> {
  const step = await matchingStep(totpSecret, code, null);
  if (step === undefined) return undefined;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await storeEnrolment(db, accounts, userId, sealTotpSecret(serverSecret, totpSecret), step, codes.map(hashRecoveryCode));
  return codes;
}

/**
 * Checks a code typed at login: a TOTP code of a step not used before, or an unused recovery code.
 * Either is spent by the check.
 */
export async function checkSecondFactor(db: Knex, serverSecret: string, userId: string, typed: string, accounts: FactorAccounts = STAFF_ACCOUNTS): Promise<'totp' | 'recovery' | undefined> {
  const code = typed.replace(/\s+/g, '');
  const row = await enabledFactor(db, accounts, userId);
  if (!row) return undefined;
  if (DIGITS.test(code)) {
    const totpSecret = unsealTotpSecret(serverSecret, row.totp_secret ?? '');
    const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
    const step = totpSecret ? await matchingStep(totpSecret, code, lastStep) : undefined;
    if (step === undefined) return undefined;
    // Only one request can move the step forward: a parallel replay of the same code loses here.
    return (await advanceTotpStep(db, accounts, userId, step)) ? 'totp' : undefined;
  }
  if (normaliseRecoveryCode(code).length !== 10) return undefined;
  return (await useRecoveryCode(db, accounts, userId, hashRecoveryCode(code))) ? 'recovery' : undefined;
}

/** Removes the second factor and its recovery codes (an administrator's reset); the next login enrols again. */
export async function removeSecondFactor(db: Knex, userId: string, accounts: FactorAccounts = STAFF_ACCOUNTS): Promise<void> {
  await deleteFactor(db, accounts, userId);
}

/**
 * Which roles must use a second factor: STAFF_2FA_ROLES, a comma-separated list of roles, "all" or
 * "none". Default admin and chair: the roles that manage accounts and sign decisions.
 */
export const DEFAULT_TWO_FACTOR_ROLES: readonly StaffRole[] = ['admin', 'chair'];

export function parseTwoFactorRoles(raw: string | undefined): readonly StaffRole[] {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return DEFAULT_TWO_FACTOR_ROLES;
  if (value === 'all') return STAFF_ROLES;
  if (value === 'none') return [];
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(STAFF_ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`STAFF_2FA_ROLES must list roles out of ${STAFF_ROLES.join(', ')} (or be "all" or "none"); unknown: ${unknown.join(', ')}`);
  return roles as StaffRole[];
}
