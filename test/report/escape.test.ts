import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode } from '../../src/report/escape.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves ordinary text, including non-ASCII, unchanged', () => {
    expect(escapeHtml('ct_wavelet-HHH_glszm_ZoneEntropy ± 1 – µ')).toBe(
      'ct_wavelet-HHH_glszm_ZoneEntropy ± 1 – µ',
    );
  });
});

describe('escapeMarkdown', () => {
  it('neutralises emphasis, table pipes, links and raw HTML', () => {
    const out = escapeMarkdown('a|b *c* [d](e) <script>');
    expect(out).toBe('a\\|b \\*c\\* \\[d\\]\\(e\\) &lt;script&gt;');
    expect(out).not.toContain('<');
  });

  it('keeps one line', () => {
    expect(escapeMarkdown('a\nb\r\nc')).toBe('a b c');
  });
});

describe('markdownCode', () => {
  it('wraps plain identifiers in single backticks', () => {
    expect(markdownCode('pet_original_glszm_ZoneEntropy')).toBe('`pet_original_glszm_ZoneEntropy`');
  });

  it('uses a longer fence than any backtick run inside', () => {
    expect(markdownCode('a`b')).toBe('`` a`b ``');
    expect(markdownCode('x``y')).toBe('``` x``y ```');
  });
});
