/**
 * A column of numbers whose final length is unknown while a file streams in. Values go into
 * blocks that are never reallocated, so growing never copies and, with 10,000 columns growing
 * together, never holds old and new arrays at once (doubling a single array would briefly need
 * three times the final size). toFloat64Array() copies the blocks out once and drops them.
 */

const FIRST_BLOCK = 64;
const MAX_BLOCK = 1024;

export class ColumnBuffer {
  private blocks: Float64Array[] = [];
  private current = new Float64Array(FIRST_BLOCK);
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(value: number): void {
    if (this.used === this.current.length) {
      this.blocks.push(this.current);
      this.current = new Float64Array(Math.min(this.current.length * 2, MAX_BLOCK));
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.total++;
  }

  /** The values as one exact-length array; the buffer is empty afterwards (its blocks are released). */
  toFloat64Array(): Float64Array {
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
