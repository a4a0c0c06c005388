/**
 * A JSON-like tree that can say what JSON.stringify cannot: repeated keys (`Entries`), tokens that are
 * not JSON or overflow on parsing such as NaN, 1e999 or -0 (`Raw`), and bytes that are not UTF-8
 * (`RawBytes`). Serialised to the exact bytes a hostile client would send.
 */

/** Text written as is (a number token JSON.stringify would rewrite, a deep nesting, broken syntax). */
export class Raw {
  constructor(readonly text: string) {}
}

/** Bytes written as is (invalid UTF-8 and the like). */
export class RawBytes {
  constructor(readonly bytes: Buffer) {}
}

/** An object as its list of entries: keys may repeat and `__proto__` is an ordinary key. */
export class Entries {
  constructor(readonly entries: [string, JsonNode][]) {}
}

export type JsonNode = null | boolean | number | string | Raw | RawBytes | Entries | JsonNode[];

function write(node: JsonNode, out: Buffer[]): void {
  if (node instanceof RawBytes) out.push(node.bytes);
  else if (node instanceof Raw) out.push(Buffer.from(node.text, 'utf8'));
  else if (node instanceof Entries) {
    out.push(Buffer.from('{'));
    node.entries.forEach(([key, value], i) => {
      out.push(Buffer.from(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`, 'utf8'));
      write(value, out);
    });
    out.push(Buffer.from('}'));
  } else if (Array.isArray(node)) {
    out.push(Buffer.from('['));
    node.forEach((item, i) => {
      if (i > 0) out.push(Buffer.from(','));
      write(item, out);
    });
    out.push(Buffer.from(']'));
  } else out.push(Buffer.from(JSON.stringify(node), 'utf8'));
}

export function jsonBytes(node: JsonNode): Buffer {
  const out: Buffer[] = [];
  write(node, out);
  return Buffer.concat(out);
}
