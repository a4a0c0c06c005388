/**
 * Validation shared by every survival function: right-censored data are (time, event) pairs with
 * time > 0 and finite, event exactly 0 (censored) or 1 (event). Bad input is a RangeError that
 * names the argument and the 0-based index, so the caller can map it back to a file row.
 */

export interface SurvivalData {
  time: Float64Array;
  event: Uint8Array;
}

/** Checks and copies (time, event); throws RangeError naming the first problem. */
export function survivalData(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  what = 'survival data',
): SurvivalData {
  if (time.length !== event.length) {
    throw new RangeError(`${what}: time has ${time.length} values but event has ${event.length}`);
  }
  if (time.length === 0) throw new RangeError(`${what}: no observations`);
  const t = new Float64Array(time.length);
  const e = new Uint8Array(time.length);
  for (let i = 0; i < time.length; i++) {
    const ti = time[i];
    if (typeof ti !== 'number' || !Number.isFinite(ti) || ti <= 0) {
      throw new RangeError(`${what}: time[${i}] = ${String(ti)}; survival times must be finite and > 0`);
    }
    const ei = event[i];
    if (ei !== 0 && ei !== 1)
      throw new RangeError(`${what}: event[${i}] = ${String(ei)}; event must be 0 or 1`);
    t[i] = ti;
    e[i] = ei;
  }
  return { time: t, event: e };
}

/** Throws RangeError when no observation is an event (nothing can be estimated). */
export function requireEvents(data: SurvivalData, what: string): void {
  for (let i = 0; i < data.event.length; i++) if (data.event[i] === 1) return;
  throw new RangeError(`${what}: no events (every observation is censored)`);
}

/** Throws RangeError when `values` does not have one entry per observation. */
export function requireSameLength(values: ArrayLike<unknown>, n: number, name: string, what: string): void {
  if (values.length !== n)
    throw new RangeError(`${what}: ${name} has ${values.length} values but time has ${n}`);
}

/** Indices sorted by time ascending, ties in input order (as R's order()). */
export function orderByTime(time: ArrayLike<number>): number[] {
  const order = Array.from({ length: time.length }, (_, i) => i);
  order.sort((a, b) => time[a] - time[b] || a - b);
  return order;
}
