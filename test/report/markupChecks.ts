/**
 * Minimal markup checks for report tests (no DOM or XML parser in the dependencies): a tag
 * tokenizer that verifies every element is closed in order, and helpers to pull fragments out.
 */

const HTML_VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * Problems with tag nesting; empty when every element is closed in order. In `html` mode void
 * elements need no closing tag; in `xml` mode (SVG) every element must be closed or self-closed.
 */
export function tagBalanceErrors(markup: string, mode: 'html' | 'xml'): string[] {
  const errors: string[] = [];
  const stack: string[] = [];
  // Comments, doctype, and the raw-text <style> content would confuse the tokenizer.
  const cleaned = markup
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>]*>/i, '')
    .replace(/(<style[^>]*>)[\s\S]*?(<\/style>)/g, '$1$2');
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s=>/]+(?:="[^"]*"|='[^']*')?)*)\s*(\/?)>/g;
  let lastIndex = 0;
  for (let m = tag.exec(cleaned); m; m = tag.exec(cleaned)) {
    const between = cleaned.slice(lastIndex, m.index);
    if (between.includes('<')) errors.push(`stray "<" before offset ${m.index}: ${between.slice(0, 60)}`);
    lastIndex = tag.lastIndex;
    const [, closing, rawName, , selfClosing] = m;
    const name = mode === 'html' ? rawName!.toLowerCase() : rawName!;
    if (closing) {
      const open = stack.pop();
      if (open !== name) errors.push(`</${name}> closes <${open ?? 'nothing'}> at offset ${m.index}`);
    } else if (selfClosing) {
      if (mode === 'html' && !HTML_VOID_ELEMENTS.has(name) && !stack.includes('svg')) {
        errors.push(`self-closed non-void <${name}/>`);
      }
    } else if (!(mode === 'html' && HTML_VOID_ELEMENTS.has(name))) {
      stack.push(name);
    }
  }
  if (cleaned.slice(lastIndex).includes('<')) errors.push('stray "<" after the last tag');
  if (stack.length > 0) errors.push(`unclosed: ${stack.join(' > ')}`);
  return errors;
}

export function svgFragments(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

/** The HTML of the <section id="…"> with that id (sections are never nested). */
export function sectionById(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  if (start < 0) throw new Error(`no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start) + '</section>'.length);
}

/** All numbers in SVG path data and coordinate attributes, as written. */
export function svgNumericAttributeValues(svg: string): string[] {
  const values: string[] = [];
  const attr = /\s(d|x|y|x1|y1|x2|y2|cx|cy|r|width|height|viewBox|points|transform)="([^"]*)"/g;
  for (let m = attr.exec(svg); m; m = attr.exec(svg)) values.push(m[2]!);
  return values;
}
