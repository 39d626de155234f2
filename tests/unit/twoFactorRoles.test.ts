/** STAFF_2FA_ROLES: which staff roles must log in with a second factor. */
import { describe, expect, it } from 'vitest';
import { parseTwoFactorRoles } from '../../api/portal/twoFactor';

describe('STAFF_2FA_ROLES', () => {
  it('defaults to admin and chair; takes a list, "all" or "none"', () => {
    expect(parseTwoFactorRoles(undefined)).toEqual(['admin', 'chair']);
    expect(parseTwoFactorRoles('')).toEqual(['admin', 'chair']);
    expect(parseTwoFactorRoles('all')).toEqual(['secretary', 'chair', 'member', 'admin']);
    expect(parseTwoFactorRoles('none')).toEqual([]);
    expect(parseTwoFactorRoles(' Admin, secretary ')).toEqual(['admin', 'secretary']);
  });

  it('refuses an unknown role with one sentence naming it', () => {
    expect(() => parseTwoFactorRoles('admin,koning')).toThrow('STAFF_2FA_ROLES must list roles out of secretary, chair, member, admin (or be "all" or "none"); unknown: koning');
  });
});
