/** The portal's pure security pieces: file types from bytes, password hashing, display names. */
import { describe, expect, it } from 'vitest';
import { detectFileType } from '../../api/portal/fileTypes';
import { displayName } from '../../api/portal/documents';
import { hashPassword, verifyPassword } from '../../api/portal/passwords';
import { intakeMessage, parseDutchDate, toComplaintBody } from '../../api/web/intakeForm';

function zipWith(entries: string[], firstEntryData = ''): Buffer {
  // Enough of a ZIP for sniffing: local header signature, the first name at offset 30, other names later.
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  return Buffer.concat([header, Buffer.from(entries[0] + firstEntryData, 'latin1'), Buffer.from(entries.slice(1).join('\u0000'), 'latin1')]);
}

describe('detectFileType', () => {
  it('takes the type from the bytes, never from the name', () => {
    expect(detectFileType(Buffer.from('%PDF-1.7\n…'), 'brief.exe')?.mime).toBe('application/pdf');
    expect(detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'x.pdf')?.mime).toBe('image/png');
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'x')?.mime).toBe('image/jpeg');
    expect(detectFileType(Buffer.from('MZ\x90\x00', 'latin1'), 'verweer.pdf')).toBeUndefined();
    expect(detectFileType(Buffer.from('<html><script>alert(1)</script>'), 'a.pdf')).toBeUndefined();
  });

  it('accepts a ZIP only when it is an office document', () => {
    expect(detectFileType(zipWith(['[Content_Types].xml', 'word/document.xml']), 'a.docx')?.extension).toBe('docx');
    expect(detectFileType(zipWith(['[Content_Types].xml', 'xl/workbook.xml']), 'a.xlsx')?.extension).toBe('xlsx');
    expect(detectFileType(zipWith(['mimetype'], 'application/vnd.oasis.opendocument.text'), 'a.odt')?.extension).toBe('odt');
    expect(detectFileType(zipWith(['payload.exe', 'readme.txt']), 'a.docx')).toBeUndefined();
  });

  it('narrows an old Office compound file by its name, and refuses other compound files', () => {
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    expect(detectFileType(cfb, 'verweer.DOC')?.mime).toBe('application/msword');
    expect(detectFileType(cfb, 'bericht.msg')).toBeUndefined();
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a random salt; verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});

describe('display names and the intake form', () => {
  it('keeps only the last path segment of an uploaded name, without control characters', () => {
    expect(displayName('C:\\Users\\x\\verweer.pdf')).toBe('verweer.pdf');
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(displayName('')).toBe('document');
  });

  it('reads Dutch dates and turns the flat form into the intake body', () => {
    expect(parseDutchDate('1-10-2026')).toBe('2026-10-01');
    expect(parseDutchDate('2026-10-01')).toBe('2026-10-01');
    const body = toComplaintBody({ 'complainant.name': ' Anna ', 'school.brin': '12ab', raisedWithSchool: 'no', 'representative.relation': '' });
    expect(body).toMatchObject({ complainant: { name: 'Anna' }, school: { brin: '12AB' }, raisedWithSchool: false });
    expect(body).not.toHaveProperty('representative');
  });

  it('says every validation message in plain Dutch', () => {
    expect(intakeMessage('nl', { field: 'school.brin', message: 'must be a BRIN code: two digits and two letters, e.g. 12AB' })).toContain('twee cijfers');
    expect(intakeMessage('nl', { field: 'occurredOn', message: 'cannot be in the future' })).toBe('De datum kan niet in de toekomst liggen.');
    expect(intakeMessage('en', { field: 'complainant.name', message: 'is required' })).toBe('Enter your name.');
  });
});
