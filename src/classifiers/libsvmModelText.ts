/**
 * Reads a two-class RBF C-SVC from libsvm's text model format (svm_save_model / libsvm-js
 * serializeModel) and evaluates its decision function in TypeScript:
 *   f(x) = Σ_i coef_i · exp(−gamma · ||sv_i − x||²) − rho,
 * where f > 0 means libsvm's *first* label (the first class seen in training). The text is the
 * model: evaluating it here gives what libsvm itself gives after loading the same text.
 */

export interface RbfSvmModel {
  gamma: number;
  rho: number;
  /** libsvm's class order; f > 0 votes for labels[0]. */
  labels: [number, number];
  /** y_i α_i per support vector. */
  coefficients: Float64Array;
  /** Dense support vectors, each of length `width` (libsvm indices are 1-based; absent = 0). */
  supportVectors: Float64Array[];
  width: number;
}

function headerNumbers(value: string, line: string): number[] {
  const numbers = value.trim().split(/\s+/).map(Number);
  if (numbers.some((x) => !Number.isFinite(x))) throw new Error(`libsvm model: bad header line "${line}"`);
  return numbers;
}

export function parseRbfSvmModel(text: string, width: number): RbfSvmModel {
  const lines = text.split('\n');
  const header = new Map<string, string>();
  let cursor = 0;
  for (; cursor < lines.length; cursor++) {
    const line = lines[cursor].trim();
    if (line === 'SV') break;
    if (line === '') continue;
    const space = line.indexOf(' ');
    header.set(space < 0 ? line : line.slice(0, space), space < 0 ? '' : line.slice(space + 1));
  }
  if (cursor === lines.length) throw new Error('libsvm model: no SV section');
  if (header.get('svm_type') !== 'c_svc')
    throw new Error(`libsvm model: expected svm_type c_svc, got ${header.get('svm_type')}`);
  if (header.get('kernel_type') !== 'rbf')
    throw new Error(`libsvm model: expected kernel_type rbf, got ${header.get('kernel_type')}`);
  if (header.get('nr_class') !== '2')
    throw new Error(`libsvm model: expected 2 classes, got ${header.get('nr_class')}`);
  const [gamma] = headerNumbers(header.get('gamma') ?? '', 'gamma');
  const [rho] = headerNumbers(header.get('rho') ?? '', 'rho');
  const labels = headerNumbers(header.get('label') ?? '', 'label');
  const [totalSv] = headerNumbers(header.get('total_sv') ?? '', 'total_sv');
  if (labels.length !== 2) throw new Error('libsvm model: expected two labels');

  const coefficients = new Float64Array(totalSv);
  const supportVectors: Float64Array[] = [];
  for (cursor++; cursor < lines.length && supportVectors.length < totalSv; cursor++) {
    const line = lines[cursor].trim();
    if (line === '') continue;
    const tokens = line.split(/\s+/);
    const sv = new Float64Array(width);
    coefficients[supportVectors.length] = Number(tokens[0]);
    for (let t = 1; t < tokens.length; t++) {
      const colon = tokens[t].indexOf(':');
      const index = Number(tokens[t].slice(0, colon));
      if (!Number.isInteger(index) || index < 1 || index > width)
        throw new Error(`libsvm model: feature index ${index} outside 1..${width}`);
      sv[index - 1] = Number(tokens[t].slice(colon + 1));
    }
    supportVectors.push(sv);
  }
  if (supportVectors.length !== totalSv)
    throw new Error(`libsvm model: expected ${totalSv} support vectors, found ${supportVectors.length}`);
  if (!coefficients.every(Number.isFinite) || !supportVectors.every((sv) => sv.every(Number.isFinite))) {
    throw new Error('libsvm model: non-finite support vector data');
  }
  return { gamma, rho, labels: [labels[0], labels[1]], coefficients, supportVectors, width };
}

/** libsvm's decision value f(x) (positive = labels[0]). */
export function rbfDecisionValue(model: RbfSvmModel, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < model.supportVectors.length; i++) {
    const sv = model.supportVectors[i];
    let squaredDistance = 0;
    for (let j = 0; j < model.width; j++) {
      const d = sv[j] - x[j];
      squaredDistance += d * d;
    }
    sum += model.coefficients[i] * Math.exp(-model.gamma * squaredDistance);
  }
  return sum - model.rho;
}
