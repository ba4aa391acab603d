import type { KehuRepositories } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';

/** Every method of the contract, by repository. */
export const CONTRACT_METHODS: Readonly<Record<keyof KehuRepositories, readonly string[]>> = {
  customers: ['get', 'create', 'update', 'delete', 'list', 'stream', 'count', 'find', 'missing'],
  transactions: ['append', 'get', 'list', 'stream', 'count', 'summarizeTransactions'],
  complaints: [
    'open',
    'get',
    'head',
    'appendEvents',
    'events',
    'list',
    'listByCustomer',
    'find',
    'stream',
    'streamLogs',
    'count',
  ],
  contactRecords: [
    'get',
    'create',
    'update',
    'delete',
    'list',
    'listByCustomer',
    'find',
    'stream',
    'count',
    'purge',
    'streamByCustomer',
  ],
  surveyResponses: ['append', 'get', 'list', 'stream', 'count'],
  grades: ['assign', 'current', 'history', 'listCurrent', 'streamCurrent'],
  churnScores: ['record', 'recordBatch', 'current', 'history', 'listCurrent', 'streamCurrent'],
  exits: ['record', 'get', 'forCustomer', 'list', 'stream'],
  owners: ['put', 'get', 'list', 'stream'],
  revisitActions: ['record', 'get', 'forCustomer', 'list', 'stream'],
  plans: ['open', 'appendEvents', 'get', 'events', 'list', 'listByOwner', 'stream', 'streamLogs', 'count'],
  budgetActuals: ['record', 'get', 'forPlan', 'list', 'stream'],
  opportunities: [
    'open',
    'appendEvents',
    'get',
    'events',
    'list',
    'listByCustomer',
    'listBySalesperson',
    'stream',
    'streamLogs',
    'count',
  ],
  audit: ['list', 'stream'],
};

function expectComplete(repos: KehuRepositories): void {
  for (const [repo, methods] of Object.entries(CONTRACT_METHODS)) {
    for (const method of methods) {
      expect(
        typeof (repos as unknown as Record<string, Record<string, unknown>>)[repo]?.[method],
        `${repo}.${method}`,
      ).toBe('function');
    }
  }
}

/** Capabilities, completeness and lifecycle. */
export function capabilitiesSuite(h: Harness): void {
  describe('capabilities and lifecycle', () => {
    it('declares its capabilities and has every method of the contract, also inside transactions', async () => {
      const s = await h.open();
      expect(typeof s.capabilities.name).toBe('string');
      expect(s.capabilities.name.length).toBeGreaterThan(0);
      expect(typeof s.capabilities.durable).toBe('boolean');
      expect(typeof s.capabilities.parallelWriters).toBe('boolean');
      expect(s.capabilities.transactions).toBe(true);
      expect(typeof s.withTransaction).toBe('function');
      expectComplete(s);
      await s.withTransaction(async (tx) => expectComplete(tx));
    });

    it('closes idempotently', async () => {
      const s = await h.open();
      await s.close();
      await s.close();
    });
  });
}
