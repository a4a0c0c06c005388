/**
 * HER2 expression status from pathology results, per ASCO/CAP 2018 as used by Hou et al. 2025:
 *   over = IHC 3+, or IHC 2+ with FISH amplification (positive)
 *   low  = IHC 1+, or IHC 2+ without amplification (FISH negative)
 *   zero = IHC 0
 * IHC 2+ without a FISH result is equivocal and is never guessed. IHC 0 or 1+ with a positive
 * FISH is discordant (the table above does not cover it; it needs the pathologist's final call),
 * so it is refused too: the cohort must then give `her2_status` explicitly.
 */
import { HER2_STATUSES, type Her2Status } from './cohort.js';

export const IHC_SCORES = ['0', '1+', '2+', '3+'] as const;
export type IhcScore = (typeof IHC_SCORES)[number];

/** null = no FISH result recorded. */
export type FishResult = 'positive' | 'negative' | null;

export type Her2Derivation = { status: Her2Status } | { problem: string };

export function her2StatusFromIhc(ihc: IhcScore, fish: FishResult): Her2Derivation {
  switch (ihc) {
    case '3+':
      return { status: 'over' };
    case '2+':
      if (fish === 'positive') return { status: 'over' };
      if (fish === 'negative') return { status: 'low' };
      return {
        problem: 'IHC 2+ is equivocal without a FISH result; add fish (positive/negative) or her2_status',
      };
    case '1+':
    case '0':
      if (fish === 'positive') {
        return {
          problem: `IHC ${ihc} with a positive FISH is discordant; give the pathologist's final her2_status`,
        };
      }
      return { status: ihc === '0' ? 'zero' : 'low' };
  }
}

/** `over`, `low`, `zero` in any letter case; undefined for anything else (empty included). */
export function parseHer2Status(text: string): Her2Status | undefined {
  const lower = text.trim().toLowerCase();
  return (HER2_STATUSES as readonly string[]).includes(lower) ? (lower as Her2Status) : undefined;
}

/** `0`, `1+`, `2+`, `3+` (the plus may be left out); null for an empty cell, undefined if unknown. */
export function parseIhcScore(text: string): IhcScore | null | undefined {
  const t = text.trim();
  if (t.length === 0) return null;
  const score = t === '0' || t === '0+' ? '0' : t.endsWith('+') ? t : `${t}+`;
  return (IHC_SCORES as readonly string[]).includes(score) ? (score as IhcScore) : undefined;
}

const FISH_POSITIVE = new Set(['positive', 'pos', '+', 'amplified']);
const FISH_NEGATIVE = new Set(['negative', 'neg', '-', 'not amplified', 'non-amplified']);
const FISH_NONE = new Set(['', 'na', 'n/a', 'none', 'not done']);

/** FISH result; null when not done/empty; undefined if the text is not understood. */
export function parseFishResult(text: string): FishResult | undefined {
  const lower = text.trim().toLowerCase();
  if (FISH_POSITIVE.has(lower)) return 'positive';
  if (FISH_NEGATIVE.has(lower)) return 'negative';
  if (FISH_NONE.has(lower)) return null;
  return undefined;
}
