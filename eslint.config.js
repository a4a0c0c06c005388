import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'models/', 'data/', '.tmp/', 'logs/', 'out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly', console: 'readonly', process: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The lower floors (statistics, feature selection, calibration, classifiers, evaluation, the input
    // transform, site harmonisation and task definitions) own their types and must not depend on the artifact schema, the
    // training pipeline or the service.
    files: [
      'src/stats/**/*.ts',
      'src/featureSelection/**/*.ts',
      'src/calibration/**/*.ts',
      'src/classifiers/**/*.ts',
      'src/evaluation/**/*.ts',
      'src/inputs/**/*.ts',
      'src/harmonisation/**/*.ts',
      'src/tasks/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(model|pipeline|registry|routes|jobs)(/|$)',
              message:
                'the lower floors (stats, featureSelection, calibration, classifiers, evaluation, inputs, harmonisation, tasks) must not import from src/model, src/pipeline, src/registry, src/routes or src/jobs; move the type down to the floor that computes it.',
            },
          ],
        },
      ],
    },
  },
);
