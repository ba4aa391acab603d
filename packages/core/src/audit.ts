import * as z from 'zod';
import { idSchema, instantCodec } from './codecs.js';
import { jsonValueSchema } from './json-value.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/**
 * Who changes customer data, when and why (rule AR-4). Every mutation of customer data
 * passes one, and the store writes it into the audit log with what changed.
 */
export const auditContextSchema = z.strictObject({
  actor: idSchema,
  at: instantCodec,
  reason: textSchema.min(1, 'a change needs a reason'),
});
/** Who, when and why. */
export type AuditContext = z.output<typeof auditContextSchema>;
/** What {@link parseAuditContext} accepts. */
export type AuditContextInput = z.input<typeof auditContextSchema>;

/** Validates and decodes an audit context. */
export const parseAuditContext = parserFor(auditContextSchema, 'audit context');

/** The kinds of record the audit log covers. */
export const auditEntitySchema = z.enum([
  'customer',
  'grade',
  'contact-record',
  'churn-score',
  'exit',
  'owner',
  'revisit-action',
  'maintenance-plan',
  'budget-actual',
  'opportunity',
]);
/** An audited record kind. */
export type AuditEntity = z.infer<typeof auditEntitySchema>;

/** What happened to the record. */
export const auditActionSchema = z.enum(['create', 'update', 'delete']);
/** An audited action. */
export type AuditAction = z.infer<typeof auditActionSchema>;

/** A JSON Pointer (RFC 6901): `""` for the whole document, else `/`-separated, `~0`/`~1`-escaped tokens. */
export const jsonPointerSchema = z
  .string()
  .refine((p) => p === '' || (p.startsWith('/') && !/~(?![01])/.test(p)), 'must be "" or a JSON Pointer ("/a/0/b")');

/**
 * One operation of a JSON Patch (RFC 6902), restricted to the three Kehu writes: `add` and
 * `replace` carry the new value at `path`, `remove` carries none. No operation carries a value
 * the record held before the change.
 */
export const jsonPatchOperationSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), path: jsonPointerSchema, value: jsonValueSchema }),
  z.strictObject({ op: z.literal('remove'), path: jsonPointerSchema }),
  z.strictObject({ op: z.literal('replace'), path: jsonPointerSchema, value: jsonValueSchema }),
]);
/** One JSON Patch operation. */
export type JsonPatchOperation = z.output<typeof jsonPatchOperationSchema>;

/** A JSON Patch (RFC 6902): operations applied in order. */
export const jsonPatchSchema = z.array(jsonPatchOperationSchema);
/** A JSON Patch. */
export type JsonPatch = z.output<typeof jsonPatchSchema>;

/**
 * An audit-log entry (rule AR-4): who changed what, when, why, and what changed as a JSON
 * Patch (RFC 6902) from the record's JSON form before the change to after it:
 * - `create`: one `add` of the whole record at path `""`;
 * - `delete`: one `remove` at path `""`;
 * - `update`: the operations that turn the old JSON form into the new one (a one-tag change
 *   is one small operation; a `replace` at `""` of the whole record is valid too).
 *
 * The patch holds new values only, never the old ones; the record at any version is the
 * result of applying its entries' patches in order (`rebuildRecord` in `@kehu/storage`).
 * `seq` is assigned by the store and orders the log.
 */
export const auditEntrySchema = z
  .strictObject({
    seq: z.number().int().positive(),
    entity: auditEntitySchema,
    entityId: idSchema,
    action: auditActionSchema,
    actor: idSchema,
    at: instantCodec,
    reason: z.string().min(1),
    /** The record's version after the change (for deletes, the version deleted). */
    version: z.number().int().positive(),
    /** What changed, from the JSON form before to the JSON form after. */
    patch: jsonPatchSchema,
  })
  .superRefine((e, ctx) => {
    const [first] = e.patch;
    const whole = e.patch.length === 1 && first !== undefined && first.path === '';
    if (e.action === 'create' && !(whole && first.op === 'add'))
      ctx.addIssue({ code: 'custom', path: ['patch'], message: 'a create is one "add" of the whole record at ""' });
    if (e.action === 'delete' && !(whole && first.op === 'remove'))
      ctx.addIssue({ code: 'custom', path: ['patch'], message: 'a delete is one "remove" at ""' });
    if (e.action === 'update') {
      e.patch.forEach((op, i) => {
        if (op.path === '' && op.op !== 'replace')
          ctx.addIssue({
            code: 'custom',
            path: ['patch', i, 'op'],
            message: 'an update keeps the record: only "replace" at ""',
          });
      });
    }
  });

/** An audit-log entry. */
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** Validates and decodes an audit entry. */
export const parseAuditEntry = parserFor(auditEntrySchema, 'audit entry');
/** Encodes an audit entry as JSON. */
export const auditEntryToJson = encoderFor(auditEntrySchema, 'audit entry');
