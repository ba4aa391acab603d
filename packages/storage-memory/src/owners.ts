import { ownerToJson } from '@kehu/core';
import { checkOptionalExpectedVersion, type OwnerRepository } from '@kehu/storage';
import { auditedRepository } from './audited-collection.js';
import type { Scope } from './scope.js';

/**
 * The owners (account managers with capacity and leave) of a memory store: `put` is the audited `create` without an
 * expected version and the audited `update` with one.
 */
export function ownerRepository(scope: Scope): OwnerRepository {
  const base = auditedRepository(scope, {
    entity: 'owner',
    operation: 'owners',
    collection: scope.state.owners,
    byId: scope.state.ownersById,
    toJson: ownerToJson,
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
