import { describe, expect, it } from 'vitest';
import { detachString } from '../../src/cohort/detachString.js';

describe('detachString', () => {
  it('returns an equal string for any content, including quotes, escapes and lone surrogates', () => {
    for (const text of [
      '',
      'P1',
      'Hôpital "Nord"\\n',
      'line\r\nbreak\t',
      '\uD800x\uDFFF',
      '😀 €',
      'x'.repeat(100_000),
    ]) {
      expect(detachString(text)).toBe(text);
    }
  });
});
