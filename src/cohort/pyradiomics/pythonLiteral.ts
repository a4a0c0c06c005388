/**
 * PyRadiomics writes its settings into diagnostics columns as Python reprs:
 * `{'binWidth': 25, 'resampledPixelSpacing': None, 'force2D': False, 'distances': [1], 'spacing': (1.0, 1.0)}`.
 * This reads such a literal (dicts, lists, tuples, quoted strings, numbers, None/True/False) as JSON.
 */

/** The literal as a JSON value, or undefined when the text is not such a literal. */
export function parsePythonLiteral(text: string): unknown {
  let json = '';
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
      }
      if (j >= text.length) return undefined;
      json += JSON.stringify(value);
      i = j + 1;
      continue;
    }
    const word = /^(None|True|False)\b/.exec(text.slice(i, i + 5));
    if (word !== null) {
      json += word[1] === 'None' ? 'null' : word[1] === 'True' ? 'true' : 'false';
      i += word[1].length;
      continue;
    }
    json += c === '(' ? '[' : c === ')' ? ']' : c;
    i++;
  }
  try {
    // A one-element tuple `(1,)` leaves a trailing comma JSON refuses.
    return JSON.parse(json.replace(/,\s*([\]}])/g, '$1')) as unknown;
  } catch {
    return undefined;
  }
}
