/**
 * The fuzzer's raw material: malformed and boundary values (wrong types, huge strings, unicode edge
 * cases with lone surrogates and NUL bytes, impossible dates, extreme numbers), bodies in every
 * encoding a client could send (JSON, broken JSON, urlencoded with duplicates, multipart garbage)
 * and path segments and query strings an attacker would try.
 */
import fc from 'fast-check';

/** Strings that have broken parsers, validators, databases and templates before. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\udc00\ud800',
  '💩',
  '👨‍👩‍👧‍👦',
  'e\u0301',
  '\u202eevil',
  '\ufeffbom',
  '\uffff',
  '\u2028\u2029',
  'İı',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '../../../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%ZZ',
  '<script>alert(1)</script>',
  '{{constructor.constructor}}',
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  'true',
  '[]',
  '{}',
  'Ω≈ç√∫',
  'ﷺ',
  '𝕳𝖊𝖑𝖑𝖔',
];

/** Dates that are not dates, and the dates at the edges of the calendar. */
export const EDGE_DATES = [
  '2026-02-30',
  '2026-02-29',
  '2024-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '0000-00-00',
  '0000-01-01',
  '9999-12-31',
  '275760-09-13',
  '-000001-01-01',
  '2026-2-3',
  '2026-10-01T00:00:00Z',
  '2026-10-01 ',
  '２０２６-１０-０１',
  '01-10-2026',
  '2026/10/01',
  '1970-01-01',
  '2100-01-01',
];

export const EDGE_NUMBERS = [0, -0, -1, 1, 1.5, -1.5, 2 ** 31, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 1e-7];

/** A huge string: past the fields' limits, and for some past the parsers' limits. */
export const hugeString = fc.oneof(
  fc.constantFrom(1_000, 20_001, 70_000, 210_000, 300_000).chain((n) => fc.constantFrom('a', 'é', '💩', '\u0000', '<').map((c) => c.repeat(Math.ceil(n / c.length)))),
  fc.integer({ min: 200, max: 5_000 }).map((n) => 'x'.repeat(n)),
);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_DATES) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: hugeString },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** Any JSON value, shallow or deep, weighted towards the edge cases. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: nastyString },
    { weight: 3, arbitrary: nastyNumber },
    { weight: 2, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'length'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }) },
  ),
})).value;

type Json = Record<string, unknown>;

/** One change to a JSON object at a (possibly nested) path: delete, replace by nonsense, or add a field. */
const mutation = (paths: string[][]): fc.Arbitrary<(o: Json) => void> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...paths), nastyJson).map(([p, v]) => (o: Json) => setPath(o, p, v)),
    fc.constantFrom(...paths).map((p) => (o: Json) => deletePath(o, p)),
    fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...EDGE_DATES)).map(([p, v]) => (o: Json) => setPath(o, p, v)),
    fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'by', 'requestedBy', 'id', 'status', 'caseNumber'), fc.string({ maxLength: 12 })), nastyJson).map(([k, v]) => (o: Json) => {
      Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
    }),
  );

function setPath(o: Json, path: string[], v: unknown): void {
  let cur: Json = o;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[path[path.length - 1]] = v;
}

function deletePath(o: Json, path: string[]): void {
  let cur: Json | undefined = o;
  for (const k of path.slice(0, -1)) cur = typeof cur?.[k] === 'object' && cur[k] !== null ? (cur[k] as Json) : undefined;
  if (cur) delete cur[path[path.length - 1]];
}

/** Every path to a leaf of a JSON object, and the objects themselves. */
export function leafPaths(o: unknown, prefix: string[] = []): string[][] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return prefix.length ? [prefix] : [];
  const out: string[][] = prefix.length ? [prefix] : [];
  for (const [k, v] of Object.entries(o)) out.push(...leafPaths(v, [...prefix, k]));
  return out;
}

/** A near-valid object broken in one to four places, or no object at all. */
export function brokenObject(valid: Json, extraPaths: string[][] = []): fc.Arbitrary<unknown> {
  const paths = [...leafPaths(valid), ...extraPaths];
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(mutation(paths.length ? paths : [['x']]), { minLength: 1, maxLength: 4 }).map((ms) => {
      const o = structuredClone(valid);
      for (const m of ms) m(o);
      return o;
    }) },
    { weight: 1, arbitrary: nastyJson },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), nastyJson, { maxKeys: 6 }) },
  );
}

/** Text that is not JSON, or JSON that no parser should be asked to hold. */
export const malformedJson: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,]', '{"a":1,}', "{'a':1}", 'nul', 'tru', '"unterminated', '{"a":"\\ud800"}', '{"a":"\\u00"}', '{"__proto__":{"polluted":1}}', '\u0000', '', ' ', '1', '"x"', 'null', '[]', '{"a":1}{"b":2}', '{"a":01}', '{"a":NaN}', '{"a":Infinity}'),
  fc.constantFrom(Buffer.from([0xff, 0xfe, 0x7b, 0x00]), Buffer.from([0xc0, 0xaf]), Buffer.from('{"a":"\xed\xa0\x80"}', 'latin1'), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

export const JSON_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=utf-7',
  'application/json; charset=',
  'application/json; boundary=x',
  'application/vnd.api+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=zzz',
  'application/octet-stream',
  '*/*',
  'json',
  ';;;',
];

/** Query strings: missing, wrong, duplicated (arrays), bracketed, encoded badly. */
export function queryString(names: string[], valid: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<string> {
  const value = (name: string) => fc.oneof(valid[name] ?? nastyString, nastyString);
  const pair = fc.constantFrom(...names, 'lang', 'x', '__proto__').chain((name) =>
    fc.oneof(
      value(name).map((v) => `${encodeComponent(name)}=${encodeComponent(v)}`),
      value(name).map((v) => `${encodeComponent(name)}[]=${encodeComponent(v)}`),
      value(name).map((v) => `${encodeComponent(name)}[a][b]=${encodeComponent(v)}`),
      fc.constant(encodeComponent(name)),
      fc.constantFrom('%ZZ', '%', '%00', '%ED%A0%80', '%C0%AF', '&&&', '=', '==', '%3D%26').map((raw) => `${encodeComponent(name)}=${raw}`),
    ),
  );
  return fc.array(pair, { maxLength: 6 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
}

/** Percent-encodes any string, lone surrogates included (they become U+FFFD's bytes, as a browser sends them). */
export function encodeComponent(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Path segments an attacker tries, raw (already on the wire) or as a value to encode. */
export const nastySegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('..', '%2e%2e', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%2f..%2f', '%2F', '%00', '%ZZ', '%', '%ED%A0%80', '%C0%AE%C0%AE', "2026-000001'%20OR%20'1'%3D'1", '2026-000001%3B%20DROP%20TABLE%20cases', '2026-0000001', '2026-00000', '0000-000000', '9999-999999', '-1', '0', '1e999', '99999999999999999999999', 'null', 'undefined', '__proto__', 'constructor', '%20', '.', '~', '*', '%2A', '%3Cscript%3E'),
  nastyString.map(encodeComponent),
);

export const ip = fc.oneof(
  { weight: 8, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.constantFrom('unknown', '999.999.999.999', '1.2.3.4, 5.6.7.8', ', ,', '::ffff:127.0.0.1', 'a'.repeat(300), '127.0.0.1\t') },
);

/** A header value Node lets a client send (no CR, LF or NUL), from the nasty strings. */
export const headerValue: fc.Arbitrary<string> = nastyString.map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 4_000));

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  content: Buffer | string;
}

/** A multipart body as a browser would build it, with the given boundary. */
export function multipart(boundary: string, parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const fileContent: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')),
  fc.constant(Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(64, 0x41)])),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('%PDF')),
  fc.constant(Buffer.from('PK\x03\x04garbage', 'latin1')),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
);

export const fileName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('verweer.pdf', '', '../../etc/passwd', '..\\..\\boot.ini', 'a\u0000.pdf', 'x.pdf.exe', '.pdf', 'CON', '💩.pdf', '\ud800.pdf', 'a"b.pdf', `${'a'.repeat(500)}.pdf`, 'file%00.pdf', 'doc.PDF'),
  nastyString,
);
