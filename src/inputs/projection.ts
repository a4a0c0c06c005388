/**
 * Applying a fitted linear projection (PCA) to one patient's candidate values. Training and serving
 * both call `projectInto`, so a principal component is computed by the same arithmetic in both.
 */
export interface LinearProjection {
  center: readonly number[];
  scale: readonly number[];
  /** components[c][j]: loading of input j on output c. */
  components: readonly (readonly number[])[];
}

/** out[c] = Σ_j components[c][j] · (x[j] − center[j]) / scale[j], summed in input order. */
export function projectInto(projection: LinearProjection, x: ArrayLike<number>, out: Float64Array): void {
  const { center, scale, components } = projection;
  for (let c = 0; c < components.length; c++) {
    const loadings = components[c];
    let sum = 0;
    for (let j = 0; j < loadings.length; j++) sum += loadings[j] * ((x[j] - center[j]) / scale[j]);
    out[c] = sum;
  }
}
