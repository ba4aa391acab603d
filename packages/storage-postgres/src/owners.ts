import { ownerToJson, parseOwner } from '@kehu/core';
import { checkOptionalExpectedVersion, type OwnerRepository } from '@kehu/storage';
import { auditedRepository } from './audited.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';

/**
 * Owners over SQL (account managers with capacity and leave): the JSON form in `data`; `put` is the audited
 * `create` without an expected version and the audited `update` with one.
 */
export function ownerRepository(run: Runner, t: TableNames): OwnerRepository {
  const base = auditedRepository(run, t, {
    entity: 'owner',
    operation: 'owners',
    table: t.owners,
    toJson: ownerToJson,
    parse: parseOwner,
    columns: () => [],
  });
  return {
    put: async (owner, options, context) => {
      const expectedVersion = checkOptionalExpectedVersion(options?.expectedVersion);
      return expectedVersion === undefined ? base.create(owner, context) : base.update(owner, expectedVersion, context);
    },
    get: base.get,
    list: base.list,
    stream: base.stream,
  };
}
