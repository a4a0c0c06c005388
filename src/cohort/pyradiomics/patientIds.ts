/**
 * Patient ids across files. Ids are compared after trimming; two ids that differ only by letter case
 * or whitespace ("P001" / "p001", "P 001" / "P001") are a typing slip that must not become two
 * patients (nor one silently), so they are an error naming both places.
 */
import { CohortError } from '../errors.js';

/** Where an id was read: file, data row and physical line. */
export interface IdPlace {
  file: string;
  row: number;
  line: number;
  column: string;
}

/** The key ids are matched loosely by, only to find near-duplicates. */
export function looseIdKey(id: string): string {
  return id.replace(/\s+/g, '').toLowerCase();
}

export function describePlace(place: IdPlace): string {
  return `${place.file} row ${place.row}`;
}

/** One file's ids, trimmed; empty, duplicate and near-duplicate ids are errors naming the rows. */
export class IdIndex {
  private readonly exact = new Map<string, IdPlace>();
  private readonly loose = new Map<string, { id: string; place: IdPlace }>();

  add(rawId: string, place: IdPlace): string {
    const id = rawId.trim();
    const at = { ...place, patientId: id };
    if (id === '') throw new CohortError('patient id is empty', at);
    const same = this.exact.get(id);
    if (same !== undefined) {
      throw new CohortError(
        `duplicate patient id (already in row ${same.row}); one row per patient's index lesion`,
        at,
      );
    }
    const near = this.loose.get(looseIdKey(id));
    if (near !== undefined) {
      throw new CohortError(
        `patient id differs from "${near.id}" (row ${near.place.row}) only by letter case or whitespace; ` +
          'correct one of them (they cannot be two patients)',
        at,
      );
    }
    this.exact.set(id, place);
    this.loose.set(looseIdKey(id), { id, place });
    return id;
  }

  has(id: string): boolean {
    return this.exact.has(id);
  }

  placeOf(id: string): IdPlace | undefined {
    return this.exact.get(id);
  }

  /** An id of this index that matches `id` only loosely (case or whitespace), if any. */
  nearMatch(id: string): { id: string; place: IdPlace } | undefined {
    const near = this.loose.get(looseIdKey(id));
    return near !== undefined && near.id !== id ? near : undefined;
  }

  ids(): string[] {
    return [...this.exact.keys()];
  }
}

/**
 * Every id of `other` must be in `reference`: a near match is an error naming both files and rows; an
 * id absent from the reference is an error naming `other`'s row and what the reference is.
 */
export function requireIdsIn(other: IdIndex, reference: IdIndex, referenceName: string): void {
  for (const id of other.ids()) {
    if (reference.has(id)) continue;
    const place = other.placeOf(id) as IdPlace;
    const near = reference.nearMatch(id);
    if (near !== undefined) {
      throw new CohortError(
        `patient id differs from "${near.id}" (${describePlace(near.place)}) only by letter case or whitespace; ` +
          'make them identical',
        { ...place, patientId: id },
      );
    }
    throw new CohortError(`patient is not in ${referenceName}`, { ...place, patientId: id });
  }
}
