/**
 * What a file is, from its own first bytes (magic numbers). The browser's Content-Type and the file
 * name's extension are claims by the client and decide nothing: a renamed executable stays refused.
 * Accepted: PDF, PNG, JPEG, and office documents (OOXML, OpenDocument, legacy MS Office).
 */

export interface FileType {
  mime: string;
  extension: string;
  /** Dutch/English name for messages and lists. */
  label: string;
}

const PDF: FileType = { mime: 'application/pdf', extension: 'pdf', label: 'PDF' };
const PNG: FileType = { mime: 'image/png', extension: 'png', label: 'PNG' };
const JPEG: FileType = { mime: 'image/jpeg', extension: 'jpg', label: 'JPEG' };
const DOCX: FileType = { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'Word' };
const XLSX: FileType = { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel' };
const PPTX: FileType = { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', label: 'PowerPoint' };
const ODT: FileType = { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt', label: 'OpenDocument' };
const ODS: FileType = { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods', label: 'OpenDocument' };
const DOC: FileType = { mime: 'application/msword', extension: 'doc', label: 'Word' };
const XLS: FileType = { mime: 'application/vnd.ms-excel', extension: 'xls', label: 'Excel' };

const startsWith = (buf: Buffer, bytes: number[], offset = 0) => buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b);

/** A ZIP container is only an office document when its entries say so. */
function zipKind(buf: Buffer): FileType | undefined {
  // OpenDocument: the first entry is the uncompressed "mimetype" file (ODF 1.2, section 3.3).
  if (buf.toString('latin1', 30, 38) === 'mimetype') {
    const declared = buf.toString('latin1', 38, 38 + 60);
    if (declared.startsWith(ODT.mime)) return ODT;
    if (declared.startsWith(ODS.mime)) return ODS;
    return undefined;
  }
  // OOXML: [Content_Types].xml plus the part folder of the document type, named in the entries.
  const names = buf.toString('latin1');
  if (!names.includes('[Content_Types].xml')) return undefined;
  if (names.includes('word/document.xml')) return DOCX;
  if (names.includes('xl/workbook.xml')) return XLSX;
  if (names.includes('ppt/presentation.xml')) return PPTX;
  return undefined;
}

export function detectFileType(buf: Buffer, clientName: string): FileType | undefined {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return zipKind(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Compound File (pre-2007 Office) holds Word, Excel and also e-mails and installers: the bytes
    // say "compound file", the name may only narrow that down to the two office formats we take.
    const ext = clientName.toLowerCase().split('.').pop();
    return ext === 'doc' ? DOC : ext === 'xls' ? XLS : undefined;
  }
  return undefined;
}

export const ACCEPTED_EXTENSIONS = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods';
