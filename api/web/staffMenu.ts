/**
 * Where staff land and what their menu holds, by role: secretaries and chairs work in the console,
 * committee members on their panel pages, administrators in /beheer. Logged-in staff do not get
 * the public menu (file a complaint, my case): it is not their work.
 */
import type { StaffRole } from '../portal/users';
import { translate, type Lang } from './i18n';

export function staffLanding(role: string): string {
  if (role === 'admin') return '/beheer';
  if (role === 'member') return '/panel';
  return '/medewerkers';
}

/** Whether a login ended (at a start page) rather than at a step still due. */
export function isStaffLanding(path: string): boolean {
  return path === '/medewerkers' || path === '/beheer' || path === '/panel';
}

export interface MenuItem {
  id: string;
  href: string;
  label: string;
}

export function staffMenu(lang: Lang, role: StaffRole | string): MenuItem[] {
  const items: MenuItem[] = [];
  // Chairs sit on panels too (the panel pages admit them), so they reach their hearings like members.
  if (role === 'member' || role === 'chair') items.push({ id: 'panel', href: '/panel', label: translate(lang, 'console.nav.panel') });
  items.push({ id: 'console', href: '/medewerkers', label: translate(lang, 'console.nav.dashboard') });
  if (role === 'secretary' || role === 'chair') {
    items.push({ id: 'queue', href: '/medewerkers/werkvoorraad', label: translate(lang, 'console.nav.queue') });
    items.push({ id: 'cases', href: '/medewerkers/zaken', label: translate(lang, 'console.nav.cases') });
  }
  if (role === 'admin') items.push({ id: 'admin', href: '/beheer', label: translate(lang, 'console.nav.admin') });
  return items;
}

/**
 * A board contact's menu (board accounts, /bestuur): their cases and, for those who manage the
 * board's contacts, the contact persons. Logging out is the header's button, as for staff.
 */
export function boardMenu(lang: Lang, canManage: boolean): MenuItem[] {
  const items: MenuItem[] = [{ id: 'cases', href: '/bestuur', label: translate(lang, 'board.nav.cases') }];
  if (canManage) items.push({ id: 'contacts', href: '/bestuur/contactpersonen', label: translate(lang, 'board.nav.contacts') });
  return items;
}
