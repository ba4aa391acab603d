import * as z from 'zod';
import { idSchema, instantCodec, jsonValueSchema } from './codecs.js';
import { encoderFor, parserFor } from './parse.js';

/**
 * Who changes customer data, when and why (rule AR-4). Every mutation of customer data
 * passes one, and the store writes it into the audit log with the before and after.
 */
export const auditContextSchema = z.strictObject({
  actor: idSchema,
  at: instantCodec,
  reason: z.string().min(1, 'a change needs a reason'),
});
/** Who, when and why. */
export type AuditContext = z.output<typeof auditContextSchema>;
/** What {@link parseAuditContext} accepts. */
export type AuditContextInput = z.input<typeof auditContextSchema>;

/** Validates and decodes an audit context. */
export const parseAuditContext = parserFor(auditContextSchema, 'audit context');

/** The kinds of record the audit log covers. */
export const auditEntitySchema = z.enum(['customer', 'grade', 'contact-record']);
/** An audited record kind. */
export type AuditEntity = z.infer<typeof auditEntitySchema>;

/** What happened to the record. */
export const auditActionSchema = z.enum(['create', 'update', 'delete']);
/** An audited action. */
export type AuditAction = z.infer<typeof auditActionSchema>;

/**
 * An audit-log entry (rule AR-4): who changed what, when, why, with the record's JSON
 * form before and after (`null` when it did not exist). `seq` is assigned by the store
 * and orders the log.
 */
export const auditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  entity: auditEntitySchema,
  entityId: idSchema,
  action: auditActionSchema,
  actor: idSchema,
  at: instantCodec,
  reason: z.string().min(1),
  /** The record's version after the change (for deletes, the version deleted). */
  version: z.number().int().positive(),
  before: jsonValueSchema.nullable(),
  after: jsonValueSchema.nullable(),
});

/** An audit-log entry. */
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** Validates and decodes an audit entry. */
export const parseAuditEntry = parserFor(auditEntrySchema, 'audit entry');
/** Encodes an audit entry as JSON. */
export const auditEntryToJson = encoderFor(auditEntrySchema, 'audit entry');
