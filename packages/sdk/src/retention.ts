import {
  KehuPolicyError,
  invalidInput,
  toValidationIssues,
  type AuditEntry,
  type ContactRecord,
  type ErrorPath,
} from '@kehu/core';
import { MAX_PAGE_SIZE, type KehuRepositories, type PageRequest, type Versioned } from '@kehu/storage';
import * as z from 'zod';
import { optionalFunction, requireId, requireObject } from './arguments.js';
import type { UseCaseContext } from './context.js';
import { toInstant, type InstantInput } from './instant.js';

/** Whole years, or `null` to keep forever. */
const years = (field: string) =>
  z
    .number({ error: `${field} must be a number of years or null` })
    .int(`${field} must be whole years`)
    .min(1, `${field} must be at least 1 year`)
    .max(1000, `${field} must be at most 1000 years`)
    .nullable();

/**
 * How long Kehu keeps what it no longer uses (rule AR-4: records no longer in use can be
 * archived). The rules give no number of years: the defaults below are Kehu's own, and a
 * host sets its own to match its legal and business duties (tax, contract and personal
 * information law), which may differ by country.
 */
export const retentionPolicySchema = z.strictObject({
  /**
   * Audit entries whose `at` lies more than this many calendar years before `asOf` are
   * archived and purged: default 5; `null` keeps them forever.
   */
  auditYears: years('auditYears').default(5),
  /**
   * Contact records whose `at` lies more than this many calendar years before `asOf` are
   * archived and purged (each with an audit `delete` entry): default 3; `null` keeps them
   * forever.
   */
  contactRecordYears: years('contactRecordYears').default(3),
  /** Items per batch handed to `archive`: default 500, at most 1,000 (a page of the store). */
  batchSize: z
    .number({ error: 'batchSize must be a number' })
    .int('batchSize must be whole')
    .min(1, 'batchSize must be at least 1')
    .max(MAX_PAGE_SIZE, `batchSize must be at most ${MAX_PAGE_SIZE}`)
    .default(500),
});
/** A retention policy with defaults applied. */
export type RetentionPolicy = z.output<typeof retentionPolicySchema>;
/** What {@link parseRetentionPolicy} accepts (every field optional). */
export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>;

/** Validates a retention policy; throws `KehuPolicyError` (code `POLICY_INVALID`) with the path of the bad field. */
export function parseRetentionPolicy(input: unknown = {}): RetentionPolicy {
  const r = retentionPolicySchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuPolicyError(`invalid retention policy at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
      details: { issues },
    });
  }
  return r.data;
}

/** One batch handed to {@link RetentionApplyOptions.archive} before it is purged. */
export type RetentionBatch =
  | {
      /** Audit entries, in `seq` order. */
      kind: 'audit-entries';
      /** The entries, as stored. */
      items: AuditEntry[];
    }
  | {
      /** Contact records, in `(at, id)` order. */
      kind: 'contact-records';
      /** The records with their versions, as stored. */
      items: Array<Versioned<ContactRecord>>;
    };

/** Options of {@link RetentionUseCases.apply}. */
export interface RetentionApplyOptions {
  /** The instant the ages are counted from (nothing reads the clock). */
  asOf: InstantInput;
  /** Who runs the purge: the actor of the contact records' audit `delete` entries. */
  actor: string;
  /** The reason written on those entries; default names the policy and the cutoff. */
  reason?: string;
  /**
   * Receives every batch before it is purged (the host writes it to cold storage). Batches
   * hold the stored form: with encryption on, personal fields stay ciphertext, so erasing a
   * person later reaches the archive too. When it throws, nothing is purged.
   */
  archive?: (batch: RetentionBatch) => Promise<void>;
}

/** What {@link RetentionUseCases.apply} did. */
export interface RetentionResult {
  /** Audit entries purged. */
  auditEntries: number;
  /** Contact records purged. */
  contactRecords: number;
  /** The audit cutoff (entries with `at` before it were purged), or `null` when kept forever. */
  auditBefore: Date | null;
  /** The contact record cutoff, or `null` when kept forever. */
  contactRecordsBefore: Date | null;
}

/** Retention (rule AR-4): archive, then purge, what is older than the policy keeps. */
export interface RetentionUseCases {
  /**
   * Applies `policy` as of `options.asOf` in one transaction: the contact records older
   * than `contactRecordYears` are handed to `archive` batch by batch and purged (one audit
   * `delete` entry each, by `actor` at `asOf`), then the audit entries older than
   * `auditYears` likewise. Returns the counts. A bad policy is a `KehuPolicyError`, bad
   * options a `KehuValidationError`; either way nothing is touched.
   */
  apply(policy: RetentionPolicyInput, options: RetentionApplyOptions): Promise<RetentionResult>;
}

/**
 * `asOf` moved back `n` calendar years in UTC; 29 February goes back to 28 February when
 * the year it lands in has no leap day.
 */
export function yearsBefore(asOf: Date, n: number): Date {
  const d = new Date(asOf.getTime());
  d.setUTCFullYear(asOf.getUTCFullYear() - n);
  if (d.getUTCMonth() !== asOf.getUTCMonth()) d.setUTCDate(0);
  return d;
}

/** The first instant a store holds (core's range starts in year 0001): a cutoff at or before it purges nothing. */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');

function checkOptions(options: unknown): {
  asOf: Date;
  actor: string;
  reason: string | undefined;
  archive: RetentionApplyOptions['archive'];
} {
  const o = requireObject<Record<string, unknown>>(options, [], 'options');
  const asOf = toInstant(o.asOf, ['asOf']);
  const actor = requireId(o.actor, ['actor']);
  const path: ErrorPath = ['reason'];
  if (o.reason !== undefined && (typeof o.reason !== 'string' || o.reason.length === 0))
    throw invalidInput(path, 'reason must be non-empty text', 'invalid_type');
  const archive = optionalFunction<NonNullable<RetentionApplyOptions['archive']>>(o.archive, ['archive']);
  for (const key of Object.keys(o)) {
    if (!['asOf', 'actor', 'reason', 'archive'].includes(key))
      throw invalidInput([key], `unknown option ${JSON.stringify(key)}`, 'unrecognized_keys');
  }
  return { asOf, actor, reason: o.reason as string | undefined, archive };
}

/** Hands the contact records made before `before` to `archive`, a page at a time, in `(at, id)` order. */
async function archiveContactRecords(
  repos: KehuRepositories,
  before: Date,
  limit: number,
  archive: NonNullable<RetentionApplyOptions['archive']>,
): Promise<void> {
  let request: PageRequest = { limit };
  for (;;) {
    const page = await repos.contactRecords.find({}, request);
    const items = page.items.filter((v) => v.record.at < before);
    if (items.length > 0) await archive({ kind: 'contact-records', items });
    if (items.length < page.items.length || page.nextCursor === null) return;
    request = { limit, cursor: page.nextCursor };
  }
}

/** Hands the audit entries written before `before` to `archive`, a page at a time, in `seq` order. */
async function archiveAuditEntries(
  repos: KehuRepositories,
  before: Date,
  limit: number,
  archive: NonNullable<RetentionApplyOptions['archive']>,
): Promise<void> {
  let request: PageRequest = { limit };
  for (;;) {
    const page = await repos.audit.list({ before }, request);
    if (page.items.length > 0) await archive({ kind: 'audit-entries', items: page.items });
    if (page.nextCursor === null) return;
    request = { limit, cursor: page.nextCursor };
  }
}

/**
 * Builds the retention use cases over `ctx`. They work on the stored form (`raw`): purging
 * needs no decryption, and archives keep personal fields as ciphertext.
 */
export function retentionUseCases(ctx: Pick<UseCaseContext, 'atomic'>): RetentionUseCases {
  return {
    apply: async (policyInput, options) => {
      const policy = parseRetentionPolicy(policyInput);
      const { asOf, actor, reason, archive } = checkOptions(options);
      const auditBefore = policy.auditYears === null ? null : yearsBefore(asOf, policy.auditYears);
      const contactRecordsBefore =
        policy.contactRecordYears === null ? null : yearsBefore(asOf, policy.contactRecordYears);
      const reaches = (cutoff: Date | null): cutoff is Date => cutoff !== null && cutoff.getTime() > FIRST_INSTANT;
      return ctx.atomic(async (_sealed, raw) => {
        let contactRecords = 0;
        if (reaches(contactRecordsBefore)) {
          if (archive !== undefined) await archiveContactRecords(raw, contactRecordsBefore, policy.batchSize, archive);
          contactRecords = await raw.contactRecords.purge(contactRecordsBefore, {
            actor,
            at: asOf,
            reason:
              reason ??
              `retention: contact records older than ${policy.contactRecordYears} years ` +
                `(before ${contactRecordsBefore.toISOString()})`,
          });
        }
        let auditEntries = 0;
        if (reaches(auditBefore)) {
          if (archive !== undefined) await archiveAuditEntries(raw, auditBefore, policy.batchSize, archive);
          auditEntries = await raw.audit.purge(auditBefore);
        }
        return { auditEntries, contactRecords, auditBefore, contactRecordsBefore };
      });
    },
  };
}
