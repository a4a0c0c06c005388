/** JSON-schema pieces shared by several routes, and the model information every model-bearing response carries. */
import type { ModelArtifact } from '../model/artifact.js';
import { problemResponse } from '../plugins/problems.js';
import { SYNTHETIC_WARNING } from '../registry/summary.js';
import { MODEL_ID_PATTERN } from '../registry/types.js';

export const modelIdSchema = {
  type: 'string',
  pattern: MODEL_ID_PATTERN,
  description: 'Model id (sha256 of the artifact)',
} as const;

export interface ModelInfo {
  id: string;
  createdAt: string;
  synthetic: boolean;
  syntheticWarning: string | null;
  active: boolean;
}

export const modelInfoSchema = {
  type: 'object',
  required: ['id', 'createdAt', 'synthetic', 'syntheticWarning', 'active'],
  properties: {
    id: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    synthetic: { type: 'boolean', description: 'True when the model was trained on synthetic data' },
    syntheticWarning: {
      type: 'string',
      nullable: true,
      description: 'Set when synthetic: the model is not clinical evidence',
    },
    active: { type: 'boolean' },
  },
} as const;

export function modelInfo(
  artifact: Pick<ModelArtifact, 'id' | 'createdAt' | 'synthetic'>,
  activeId: string | null | undefined,
): ModelInfo {
  return {
    id: artifact.id,
    createdAt: artifact.createdAt,
    synthetic: artifact.synthetic,
    syntheticWarning: artifact.synthetic ? SYNTHETIC_WARNING : null,
    active: artifact.id === activeId,
  };
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (the message names the field)',
  401: 'No or unknown API key',
  403: 'The API key lacks the required role',
  404: 'Not found',
  409: 'Conflict with the registry state',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Required inputs missing, or inputs too far outside the training distribution (details list them per patient)',
  429: 'Rate limit exceeded',
  503: 'Not ready (no model loaded) or shutting down',
};

/** Response schemas for the given error status codes (plus 401/403/429 for routes that need a key). */
export function errorResponses(codes: number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of codes) out[String(c)] = problemResponse(ERROR_DESCRIPTIONS[c] ?? 'Error');
  return out;
}
