import {
  idSchema,
  instantCodec,
  KehuNotFoundError,
  parserFor,
  textSchema,
  type ContactRecord,
  type Customer,
} from '@kehu/core';
import { streamPages, type KehuRepositories } from '@kehu/storage';
import * as z from 'zod';
import type { SubjectCipher } from './cipher.js';
import { eraseRecord, type SealSpec } from './sealing.js';

/** Who asks to erase a person, when, and on what grounds (PIPL's right to deletion). */
export const erasureRequestSchema = z.strictObject({
  /**
   * Why: the request's reference and grounds, e.g. `"PIPL art. 47 request #2026-118"`. It
   * is kept in the audit log, so it must not contain the person's personal data.
   */
  request: textSchema.pipe(z.string().min(1, 'an erasure needs a request')),
  /** The staff member or system carrying it out. */
  actor: idSchema,
  /** When. */
  at: instantCodec,
});
/** An erasure request, as used. */
export type ErasureRequest = z.output<typeof erasureRequestSchema>;
/** What `customers.erase` accepts (ISO strings for `at`). */
export type ErasureRequestInput = z.input<typeof erasureRequestSchema>;
/** Validates an erasure request. */
export const parseErasureRequest = parserFor(erasureRequestSchema, 'erasure request');

/** What an erasure did. */
export interface ErasureResult {
  /** The erased customer. */
  customerId: string;
  /**
   * Whether the person's data key was destroyed: every sealed copy of their personal data
   * (audit entries, other records, database backups) is unreadable from now on. `false`
   * when Kehu does not encrypt (no key provider, or the policy's `encrypt: false`).
   */
  keyDestroyed: boolean;
  /** Contact records whose personal fields were removed in the clear (only when Kehu does not encrypt). */
  contactRecordsScrubbed: number;
  /** The customer's version after erasure. */
  version: number;
}

/** What {@link eraseCustomer} runs on. */
export interface ErasureDeps {
  /** The repositories without the sealing layer (the stored form), in one transaction. */
  readonly raw: KehuRepositories;
  /** The cipher, when Kehu encrypts. */
  readonly cipher: SubjectCipher | undefined;
  /** How customers are sealed (their personal fields). */
  readonly customerSpec: SealSpec;
  /** How contact records are sealed (their personal fields). */
  readonly contactRecordSpec: SealSpec;
}

/**
 * Erases a person's personal data inside one transaction: the customer record keeps its
 * id, kind, status, dates, owner, credit, tags and grades (what the books and statistics
 * need) and loses every personal field of the policy and its lookup tokens, in one audited
 * update whose reason is the request (no personal data: the audit patch holds no old
 * values). Without encryption, the customer's contact records are scrubbed the same way.
 * The caller destroys the key after the transaction commits.
 */
export async function eraseCustomer(
  deps: ErasureDeps,
  id: string,
  request: ErasureRequest,
): Promise<Omit<ErasureResult, 'keyDestroyed'>> {
  const { raw } = deps;
  const current = await raw.customers.get(id);
  if (current === null) throw new KehuNotFoundError('customer', id);
  const context = { actor: request.actor, at: request.at, reason: `erasure: ${request.request}` };
  const erased = eraseRecord(current.record as unknown as Record<string, unknown>, deps.customerSpec);
  const updated = await raw.customers.update(erased as unknown as Customer, current.version, context);
  let contactRecordsScrubbed = 0;
  if (deps.cipher === undefined) {
    const records = [];
    for await (const r of streamPages((request) => raw.contactRecords.listByCustomer(id, request))) records.push(r);
    for (const r of records) {
      const scrubbed = eraseRecord(r.record as unknown as Record<string, unknown>, deps.contactRecordSpec);
      await raw.contactRecords.update(scrubbed as unknown as ContactRecord, r.version, context);
      contactRecordsScrubbed++;
    }
  }
  return { customerId: id, contactRecordsScrubbed, version: updated.version };
}
