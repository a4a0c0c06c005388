/** The CDS Hooks 2.0 shapes this service reads and writes (only the fields it uses). */
import type { Coding, Resource } from '@medplum/fhirtypes';

export interface CdsServiceDefinition {
  hook: string;
  title: string;
  description: string;
  id: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
}

export interface CdsFhirAuthorization {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  subject?: string;
}

export interface CdsServiceRequest {
  hook: string;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: CdsFhirAuthorization;
  context: { patientId: string; userId?: string; encounterId?: string };
  prefetch?: Record<string, unknown>;
}

export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Resource;
}

export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CdsAction[];
}

export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
}

export type CdsIndicator = 'info' | 'warning' | 'critical';

export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: CdsIndicator;
  source: { label: string; url?: string; topic?: Coding };
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: Coding[];
  links?: CdsLink[];
}

export interface CdsFeedback {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: Coding; userComment?: string };
  outcomeTimestamp: string;
}
