/**
 * Hostile multipart/form-data training uploads: broken boundaries, truncated and unterminated bodies,
 * bare-LF line endings, damaged part headers (no disposition, huge or hostile field names, wrong
 * content types, path-traversing file names), unknown, repeated and too many parts, hostile `config`
 * and `activate` values, garbage between parts.
 */
import type { Rng } from '../../../src/stats/random.js';
import { jsonBytes } from './jsonBytes.js';
import { randomBytes } from './mutateBytes.js';
import { HOSTILE_KEYS, HOSTILE_STRINGS, hostileValue, pick } from './values.js';

export interface Part {
  headers: string[];
  body: Buffer;
}

/** A small cohort CSV: valid in form, far too small to train on (a job from it fails, quickly). */
export const SMALL_COHORT_CSV =
  'patient_id,her2,set,er,pr,original_firstorder_Mean\nP1,over,training,1,0,0.5\nP2,zero,training,0,1,0.7\n';

export const filePart = (
  name: string,
  body: string | Buffer,
  filename = `${name}.csv`,
  type = 'text/csv',
): Part => ({
  headers: [
    `Content-Disposition: form-data; name="${name}"; filename="${filename}"`,
    `Content-Type: ${type}`,
  ],
  body: Buffer.from(body),
});

export const fieldPart = (name: string, body: string | Buffer): Part => ({
  headers: [`Content-Disposition: form-data; name="${name}"`],
  body: Buffer.from(body),
});

export interface MultipartLayout {
  boundary: string;
  parts: Part[];
  lineEnd?: string;
  closing?: boolean;
  preamble?: Buffer;
  epilogue?: Buffer;
  /** Bytes inserted after part `at`'s body. */
  between?: { at: number; bytes: Buffer };
}

export function multipartBytes(layout: MultipartLayout): Buffer {
  const eol = layout.lineEnd ?? '\r\n';
  const out: Buffer[] = [];
  if (layout.preamble) out.push(layout.preamble, Buffer.from(eol));
  layout.parts.forEach((part, i) => {
    out.push(
      Buffer.from(`--${layout.boundary}${eol}${part.headers.map((h) => h + eol).join('')}${eol}`, 'utf8'),
    );
    out.push(part.body, Buffer.from(eol));
    if (layout.between?.at === i) out.push(layout.between.bytes);
  });
  if (layout.closing !== false) out.push(Buffer.from(`--${layout.boundary}--${eol}`));
  if (layout.epilogue) out.push(layout.epilogue);
  return Buffer.concat(out);
}

const MULTIPART_DAMAGES = [
  'boundary-header',
  'truncate',
  'no-closing',
  'lf-only',
  'part-headers',
  'unknown-field',
  'repeat-part',
  'too-many-parts',
  'config-value',
  'activate-value',
  'garbage',
] as const;

function damagedHeaders(rng: Rng, part: Part): string[] {
  const name = pick(rng, [
    'cohort',
    'config',
    pick(rng, HOSTILE_KEYS),
    'n'.repeat(100_000),
    'a"b',
    'x\u0000y',
  ]);
  return pick(rng, [
    [],
    ['Content-Type: text/csv'],
    ['Content-Disposition: form-data'],
    ['Content-Disposition: form-data; name=""'],
    [`Content-Disposition: form-data; name="${name}"; filename="c.csv"`],
    [`Content-Disposition: form-data; name="${name}"`],
    ['Content-Disposition: form-data; name="cohort"; filename="../../../../etc/passwd"'],
    [`Content-Disposition: form-data; name="cohort"; filename="${pick(rng, HOSTILE_STRINGS)}"`],
    ['Content-Disposition: form-data; name="cohort"; filename*=UTF-8\'\'%E2%80%AEcsv.exe'],
    ['Content-Disposition: attachment; name="cohort"; filename="c.csv"'],
    [part.headers[0], 'Content-Type: application/json'],
    [part.headers[0], 'Content-Type: image/png'],
    [part.headers[0], 'Content-Transfer-Encoding: base64'],
    [part.headers[0], 'no colon here'],
    [part.headers[0], `X-Long: ${'h'.repeat(100_000)}`],
  ]);
}

/** A hostile multipart body and the boundary its Content-Type header should name (undefined: none). */
export function hostileMultipart(rng: Rng): { body: Buffer; contentType: string; label: string } {
  const boundary = `----fuzz${rng.int(1e9).toString(16)}`;
  const parts: Part[] = [filePart('cohort', SMALL_COHORT_CSV)];
  if (rng.next() < 0.3) parts.push(filePart('inter', SMALL_COHORT_CSV));
  if (rng.next() < 0.5) parts.push(fieldPart('config', '{}'));
  if (rng.next() < 0.5) parts.push(fieldPart('activate', pick(rng, ['true', 'false'])));
  const layout: MultipartLayout = { boundary, parts };
  let contentType = `multipart/form-data; boundary=${boundary}`;
  const damage = pick(rng, MULTIPART_DAMAGES);
  let truncateAt: number | undefined;
  switch (damage) {
    case 'boundary-header': {
      const long = 'b'.repeat(253 + rng.int(200));
      contentType = pick(rng, [
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary=""',
        `multipart/form-data; boundary="${boundary}"`,
        `multipart/form-data; boundary=${boundary}x`,
        `multipart/form-data; boundary=${boundary}; boundary=other`,
        'multipart/form-data; boundary=a b',
        `multipart/form-data; boundary=${long}`,
        `multipart/form-data; charset=utf-8`,
        `multipart/form-data;boundary=${boundary};;`,
      ]);
      if (contentType.includes(long)) layout.boundary = long;
      break;
    }
    case 'truncate':
      truncateAt = rng.next();
      break;
    case 'no-closing':
      layout.closing = false;
      break;
    case 'lf-only':
      layout.lineEnd = '\n';
      break;
    case 'part-headers': {
      const i = rng.int(parts.length);
      parts[i] = { ...parts[i], headers: damagedHeaders(rng, parts[i]) };
      break;
    }
    case 'unknown-field':
      parts.push(
        rng.next() < 0.5
          ? fieldPart(pick(rng, HOSTILE_KEYS), pick(rng, HOSTILE_STRINGS))
          : filePart(pick(rng, ['model', 'cohorts', '__proto__', 'constructor']), SMALL_COHORT_CSV),
      );
      break;
    case 'repeat-part':
      parts.push(pick(rng, parts));
      break;
    case 'too-many-parts':
      for (let k = 0; k < 5 + rng.int(15); k++)
        parts.push(pick(rng, [filePart('intra', 'x'), fieldPart('activate', 'true')]));
      break;
    case 'config-value':
      parts.push(
        fieldPart(
          'config',
          pick(rng, [
            jsonBytes(hostileValue(rng, 3)),
            Buffer.from('{not json'),
            Buffer.from('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
            Buffer.from(`{"a":"${'x'.repeat(1024 * 1024 + 10)}"}`),
          ]),
        ),
      );
      break;
    case 'activate-value':
      parts.push(fieldPart('activate', pick(rng, HOSTILE_STRINGS)));
      break;
    case 'garbage':
      if (rng.next() < 0.4) layout.preamble = randomBytes(rng, rng.int(512));
      if (rng.next() < 0.4) layout.epilogue = randomBytes(rng, rng.int(512));
      layout.between = { at: rng.int(parts.length), bytes: randomBytes(rng, 1 + rng.int(512)) };
      break;
  }
  let body = multipartBytes(layout);
  if (truncateAt !== undefined) body = body.subarray(0, Math.floor(truncateAt * body.length));
  return { body, contentType, label: damage };
}
