/** Types for the parts of libsvm-js 0.2.1 we use (the package ships none). CommonJS: module.exports = Promise<SVM class>. */
declare module 'libsvm-js' {
  export interface LibsvmOptions {
    type?: string;
    kernel?: string;
    gamma?: number;
    cost?: number;
    tolerance?: number;
    cacheSize?: number;
    shrinking?: boolean;
    probabilityEstimates?: boolean;
    quiet?: boolean;
  }
  export interface LibsvmModel {
    train(samples: number[][], labels: number[]): void;
    predictOne(sample: number[]): number;
    predictOneProbability(sample: number[]): {
      prediction: number;
      estimates: { label: number; probability: number }[];
    };
    serializeModel(): string;
    getLabels(): number[];
    getSVIndices(): number[];
    free(): void;
  }
  export interface LibsvmClass {
    new (options: LibsvmOptions): LibsvmModel;
    load(serializedModel: string): LibsvmModel;
    SVM_TYPES: { C_SVC: string; NU_SVC: string; ONE_CLASS: string; EPSILON_SVR: string; NU_SVR: string };
    KERNEL_TYPES: { LINEAR: string; POLYNOMIAL: string; RBF: string; SIGMOID: string; PRECOMPUTED: string };
  }
  const libsvmPromise: Promise<LibsvmClass>;
  export default libsvmPromise;
}
