/**
 * A column of numbers whose final length is unknown while a file streams in.
 *
 * With a capacity hint (an upper bound on the rows, from counting line breaks first) values go
 * into one array that is returned as is, so the parse holds the matrix once. Without one, or past
 * it, values go into blocks that are never reallocated: growing never copies and, with 10,000
 * columns growing together, never holds old and new arrays at once (doubling one array would
 * briefly need three times the final size); toFloat64Array() then copies the blocks out once.
 */

const FIRST_BLOCK = 64;
const MAX_BLOCK = 1024;

export class ColumnBuffer {
  private blocks: Float64Array[] = [];
  private current: Float64Array;
  private used = 0;
  private total = 0;

  /** capacityHint: expected maximum number of values (allocated at once). */
  constructor(capacityHint = 0) {
    this.current = new Float64Array(capacityHint > 0 ? capacityHint : FIRST_BLOCK);
  }

  get length(): number {
    return this.total;
  }

  push(value: number): void {
    if (this.used === this.current.length) {
      this.blocks.push(this.current);
      this.current = new Float64Array(Math.min(Math.max(this.current.length * 2, FIRST_BLOCK), MAX_BLOCK));
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.total++;
  }

  /** The values as one exact-length array; the buffer is empty afterwards (its blocks are released). */
  toFloat64Array(): Float64Array {
    // A hint-sized array that is mostly filled is handed over as a view, saving a copy; a mostly
    // empty one is copied so its unused tail can be freed.
    if (this.blocks.length === 0 && this.used * 2 >= this.current.length) {
      const out = this.current.subarray(0, this.used);
      this.current = new Float64Array(FIRST_BLOCK);
      this.used = 0;
      this.total = 0;
      return out;
    }
    const out = new Float64Array(this.total);
    let offset = 0;
    for (const block of this.blocks) {
      out.set(block, offset);
      offset += block.length;
    }
    out.set(this.current.subarray(0, this.used), offset);
    this.blocks = [];
    this.current = new Float64Array(FIRST_BLOCK);
    this.used = 0;
    this.total = 0;
    return out;
  }
}
