import { auditEntitySchema, invalidInput, type AuditEntity, type AuditEntry } from '@kehu/core';
import type { AuditFilter, AuditLogRepository, Page, PageRequest } from '@kehu/storage';
import { optionalObject, optionalPageRequest, requireId } from './arguments.js';

/** Reading the audit log (rule AR-4). Purging old entries is `Kehu.retention`'s. */
export interface AuditUseCases {
  /** One page of entries in `seq` order, optionally only those about one kind of record or one record. */
  list(filter?: AuditFilter, request?: PageRequest): Promise<Page<AuditEntry>>;
  /** Every matching entry in `seq` order, fetched lazily. Bad arguments throw when it is called. */
  stream(filter?: AuditFilter): AsyncIterable<AuditEntry>;
}

const FILTER_KEYS = new Set(['entity', 'entityId']);

/** Checks an audit filter (`{ entity?, entityId? }`); a bad one throws `KehuValidationError` at its field. */
function parseAuditFilter(value: unknown): AuditFilter {
  const raw = optionalObject(value, ['filter'], 'audit filter');
  for (const key of Object.keys(raw))
    if (!FILTER_KEYS.has(key))
      throw invalidInput(['filter', key], `audit filter: unknown field ${JSON.stringify(key)}`, 'unrecognized_keys');
  const filter: AuditFilter = {};
  if (raw.entity !== undefined) {
    const entity = auditEntitySchema.safeParse(raw.entity);
    if (!entity.success)
      throw invalidInput(['filter', 'entity'], `entity must be one of ${auditEntitySchema.options.join(', ')}`);
    filter.entity = entity.data as AuditEntity;
  }
  if (raw.entityId !== undefined) filter.entityId = requireId(raw.entityId, ['filter', 'entityId']);
  return filter;
}

/** The audit use cases over the store's audit log: arguments checked, then read. */
export function auditUseCases(audit: AuditLogRepository): AuditUseCases {
  return {
    list: async (filter, request) => audit.list(parseAuditFilter(filter), optionalPageRequest(request, ['request'])),
    stream: (filter) => audit.stream(parseAuditFilter(filter)),
  };
}
