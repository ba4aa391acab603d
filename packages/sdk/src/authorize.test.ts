import { PGlite } from '@electric-sql/pglite';
import { KehuForbiddenError, KehuValidationError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { createPostgresStorage, migrate } from '@kehu/storage-postgres';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  authorizeUseCases,
  KEHU_ACTIONS,
  type AuthorizationRequest,
  type KehuAction,
  type KehuAuthorize,
} from './authorize.js';
import type { ComplaintEventInput, CustomerInput, TransactionInput } from './inputs.js';
import { createKehu, type KehuUseCases } from './kehu.js';

const at = '2026-01-05T09:00:00+08:00';
const ctx = (actor: string) => ({ actor, at, reason: 'test' });
const customer = (id: string, owner: string): CustomerInput => ({
  id,
  kind: 'person',
  name: '张伟',
  status: 'active',
  createdAt: at,
  owner,
});
const order = (id: string, customerId: string): TransactionInput => ({
  id,
  customerId,
  occurredAt: '2026-01-06T10:00:00+08:00',
  amount: '100.00',
  currency: 'CNY',
});
const contact = (id: string, customerId: string, owner: string) => ({
  id,
  customerId,
  at: '2026-01-12T10:00:00+08:00',
  channel: 'phone' as const,
  purpose: 'post-purchase' as const,
  owner,
  outcome: 'completed' as const,
  summary: '使用顺利',
});

/** What the store holds, counted: equal before and after a refused call. */
async function holdings(storage: KehuStorage) {
  return {
    customers: await storage.customers.count(),
    transactions: await storage.transactions.count(),
    contactRecords: await storage.contactRecords.count(),
    surveys: await storage.surveyResponses.count(),
    audit: (await storage.audit.list()).items.length,
  };
}

/**
 * "An account manager sees only their own customers": `lead` may do anything; anyone else
 * may create customers, and otherwise only touch what names a customer they own (looked up
 * through the request's repositories), a customer list filtered to themselves, or a
 * complaint of their customers.
 */
const ownCustomersOnly: KehuAuthorize = async ({ actor, action, resource, repos }) => {
  if (actor === 'lead') return true;
  if (actor === undefined) return false;
  if (action === 'customers.create') return true;
  if (action === 'customers.list' || action === 'customers.stream')
    return (resource.filter as { owner?: unknown } | undefined)?.owner === actor;
  let customerId = resource.customerId;
  if (customerId === undefined && resource.type === 'complaint' && resource.id !== undefined)
    customerId = (await repos.complaints.get(resource.id))?.record.customerId;
  if (customerId === undefined) return false;
  const found = await repos.customers.get(customerId);
  return found !== null && found.record.owner === actor;
};

/** A store with am-7's customer c-7 and am-8's customer c-8, and a Kehu on it with the hook. */
async function twoManagers(storage: KehuStorage = createMemoryStorage()) {
  const seed = createKehu({ storage });
  await seed.customers.create(customer('c-7', 'am-7'), ctx('lead'));
  await seed.customers.create(customer('c-8', 'am-8'), ctx('lead'));
  return { storage, kehu: createKehu({ storage, authorize: ownCustomersOnly }) };
}

const db = new PGlite();
afterAll(() => db.close());

/** The stores the transaction test runs on: PGlite has one connection, so the hook must read through `repos`. */
const stores: Array<[string, () => Promise<KehuStorage>]> = [
  ['memory', async () => createMemoryStorage()],
  [
    'PGlite',
    async () => {
      await migrate(db, { schema: 'kehu_sdk_authorize' });
      return createPostgresStorage({ client: db, schema: 'kehu_sdk_authorize' });
    },
  ],
];

describe('authorize hook', () => {
  it('has an action for every function of the use cases, and only those', () => {
    type Group = keyof KehuUseCases;
    type Functions<G extends Group> = {
      [F in keyof KehuUseCases[G]]: KehuUseCases[G][F] extends (...args: never[]) => unknown ? F : never;
    }[keyof KehuUseCases[G]] &
      string;
    type Surface = { [G in Group]: `${G}.${Functions<G>}` }[Group];
    expectTypeOf<KehuAction>().toEqualTypeOf<Surface>();

    const kehu = createKehu({ storage: createMemoryStorage() });
    const surface: string[] = [];
    for (const group of Object.keys(kehu.as('x')) as Group[]) {
      const members = kehu[group] as unknown;
      if (typeof members !== 'object' || members === null) continue;
      for (const [name, value] of Object.entries(members))
        if (typeof value === 'function') surface.push(`${group}.${name}`);
    }
    expect([...surface].sort()).toEqual([...KEHU_ACTIONS].sort());
    expect(new Set(KEHU_ACTIONS).size).toBe(KEHU_ACTIONS.length);
  });

  it('refuses with KehuForbiddenError (FORBIDDEN, action and resource in details) and writes nothing', async () => {
    const { storage, kehu } = await twoManagers();
    const before = await holdings(storage);
    const refused = kehu.as('am-7').contactRecords.record(contact('r-1', 'c-8', 'am-7'), ctx('am-7'));
    await expect(refused).rejects.toBeInstanceOf(KehuForbiddenError);
    await expect(refused).rejects.toMatchObject({
      code: 'FORBIDDEN',
      action: 'contactRecords.record',
      actor: 'am-7',
      details: {
        action: 'contactRecords.record',
        actor: 'am-7',
        resource: { type: 'contact-record', id: 'r-1', customerId: 'c-8' },
      },
    });
    await expect(
      kehu.as('am-7').customers.update('c-8', (c) => ({ ...c, name: '李娜' }), ctx('am-7')),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { resource: { type: 'customer', id: 'c-8' } } });
    await expect(kehu.as('am-7').customers.delete('c-8', ctx('am-7'))).rejects.toBeInstanceOf(KehuForbiddenError);
    await expect(
      kehu.as('am-7').grades.assign(
        {
          customerId: 'c-8',
          tier: 'gold',
          effectiveFrom: at,
          source: 'evaluation',
          assignedBy: 'am-7',
          reason: 'rank 12',
        },
        ctx('am-7'),
      ),
    ).rejects.toBeInstanceOf(KehuForbiddenError);
    await expect(
      kehu.as('am-7').surveys.recordResponses([
        { id: 's-1', surveyId: 'csat', customerId: 'c-7', answeredAt: at, answers: { csat: 5 } },
        { id: 's-2', surveyId: 'csat', customerId: 'c-8', answeredAt: at, answers: { csat: 5 } },
      ]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { resource: { customerId: 'c-8' } } });
    await expect(kehu.as('am-7').transactions.import([order('t-1', 'c-7'), order('t-2', 'c-8')])).rejects.toMatchObject(
      { code: 'FORBIDDEN', action: 'transactions.import' },
    );
    expect(await holdings(storage)).toEqual(before);
  });

  it('lets an account manager read and write their own customers only (reads are checked too)', async () => {
    const { storage, kehu } = await twoManagers();
    const am7 = kehu.as('am-7');
    expect((await am7.customers.get('c-7'))?.record.owner).toBe('am-7');
    await expect(am7.customers.get('c-8')).rejects.toMatchObject({ code: 'FORBIDDEN', action: 'customers.get' });
    expect((await am7.customers.list({ owner: 'am-7' })).items.map((c) => c.record.id)).toEqual(['c-7']);
    await expect(am7.customers.list()).rejects.toBeInstanceOf(KehuForbiddenError);
    await am7.contactRecords.record(contact('r-1', 'c-7', 'am-7'), ctx('am-7'));
    expect((await am7.contactRecords.listByCustomer('c-7')).items).toHaveLength(1);
    await expect(am7.contactRecords.listByCustomer('c-8')).rejects.toBeInstanceOf(KehuForbiddenError);
    expect(await am7.transactions.import([order('t-1', 'c-7')])).toMatchObject({ inserted: 1 });
    expect((await am7.transactions.list({ customerId: 'c-7' })).items).toHaveLength(1);
    await expect(am7.transactions.list()).rejects.toBeInstanceOf(KehuForbiddenError);
    await expect(am7.audit.list({ entity: 'customer', entityId: 'c-8' })).rejects.toBeInstanceOf(KehuForbiddenError);
    expect((await am7.audit.list({ entity: 'customer', entityId: 'c-7' })).items).toHaveLength(1);
    // The lead reads everything; an unbound read names no actor and is refused by this hook.
    expect(await kehu.as('lead').customers.count()).toBe(2);
    await expect(kehu.customers.get('c-7')).rejects.toMatchObject({ code: 'FORBIDDEN', actor: undefined });
    // An unbound write is asked as the actor its audit context names.
    await kehu.contactRecords.record(contact('r-2', 'c-7', 'am-7'), ctx('am-7'));
    await expect(kehu.contactRecords.record(contact('r-3', 'c-7', 'am-8'), ctx('am-8'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      actor: 'am-8',
    });
    expect(await storage.contactRecords.count()).toBe(2);
  });

  it('finds the customer of a complaint through the repositories it is given', async () => {
    const { kehu } = await twoManagers();
    await kehu.as('lead').complaints.open(
      {
        id: 'k-8',
        customerId: 'c-8',
        content: '收到的货物有破损',
        occurredAt: at,
        receivedAt: at,
        channel: 'phone',
        severity: 'normal',
      },
      'lead',
    );
    const acknowledged = { type: 'acknowledged', at: '2026-01-05T10:00:00+08:00' } as const;
    await expect(
      kehu.as('am-7').complaints.appendEvents('k-8', [{ ...acknowledged, actor: 'am-7' } as ComplaintEventInput]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { resource: { type: 'complaint', id: 'k-8' } } });
    expect(await kehu.as('lead').complaints.events('k-8')).toHaveLength(1);
    const appended = await kehu
      .as('am-8')
      .complaints.appendEvents('k-8', [{ ...acknowledged, actor: 'am-8' } as ComplaintEventInput]);
    expect(appended).toHaveLength(1);
  });

  it('refuses a write naming another actor than the bound one, with or without a hook', async () => {
    for (const authorize of [undefined, ownCustomersOnly]) {
      const storage = createMemoryStorage();
      const kehu = createKehu({ storage, ...(authorize === undefined ? {} : { authorize }) });
      await expect(kehu.as('am-7').customers.create(customer('c-7', 'am-7'), ctx('am-8'))).rejects.toMatchObject({
        code: 'FORBIDDEN',
        actor: 'am-7',
        details: { namedActor: 'am-8' },
      });
      await expect(
        kehu.as('am-7').complaints.open(
          {
            id: 'k-1',
            customerId: 'c-7',
            content: 'x',
            occurredAt: at,
            receivedAt: at,
            channel: 'phone',
            severity: 'normal',
          },
          'am-8',
        ),
      ).rejects.toBeInstanceOf(KehuForbiddenError);
      await expect(
        kehu.as('am-7').customers.erase('c-7', { request: 'PIPL request 1', actor: 'am-8', at }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', action: 'customers.erase' });
      const event = { type: 'acknowledged', at, actor: 'am-8' } as ComplaintEventInput;
      await expect(kehu.as('am-7').complaints.appendEvents('k-1', new Set([event]) as never)).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { namedActor: 'am-8' },
      });
      await expect(
        kehu.as('am-7').value.regradeAll({ asOf: at, apply: { actor: 'am-8', reason: 'monthly' } }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', action: 'value.regradeAll' });
      expect(await storage.customers.count()).toBe(0);
      expect((await storage.audit.list()).items).toHaveLength(0);
      await kehu.as('am-7').customers.create(customer('c-7', 'am-7'), ctx('am-7'));
      expect(await storage.customers.count()).toBe(1);
    }
    const kehu = createKehu({ storage: createMemoryStorage() });
    expect(() => kehu.as('')).toThrow(KehuValidationError);
    expect(() => kehu.as(7 as never)).toThrow(KehuValidationError);
    expect(kehu.as('am-7').actor).toBe('am-7');
    expect(() => createKehu({ storage: createMemoryStorage(), authorize: 5 as never })).toThrow(
      expect.objectContaining({ path: ['authorize'] }),
    );
  });

  it('allows only `true`: anything else refuses, a hook error becomes the cause, its own refusal passes', async () => {
    const cause = new Error('directory down');
    const verdicts: Array<[string, KehuAuthorize]> = [
      ['false', () => false],
      ['undefined', () => undefined as never],
      ['truthy', () => 1 as never],
      [
        'throws',
        () => {
          throw cause;
        },
      ],
      ['rejects', async () => Promise.reject(cause)],
    ];
    for (const [label, authorize] of verdicts) {
      const storage = createMemoryStorage();
      const kehu = createKehu({ storage, authorize });
      const refused = kehu.customers.create(customer('c-1', 'am-7'), ctx('am-7'));
      await expect(refused, label).rejects.toBeInstanceOf(KehuForbiddenError);
      if (label === 'throws' || label === 'rejects') await expect(refused).rejects.toMatchObject({ cause });
      expect(await storage.customers.count(), label).toBe(0);
    }
    const own = new KehuForbiddenError('customers.create', 'only on weekdays');
    const kehu = createKehu({
      storage: createMemoryStorage(),
      authorize: () => {
        throw own;
      },
    });
    await expect(kehu.customers.create(customer('c-1', 'am-7'), ctx('am-7'))).rejects.toBe(own);
  });

  it.each(stores)('authorizes kehu.transaction too, on %s: a refusal rolls back the transaction', async (_, open) => {
    const { storage, kehu } = await twoManagers(await open());
    const before = await holdings(storage);
    const asked: AuthorizationRequest[] = [];
    const spying = createKehu({
      storage,
      authorize: async (request) => {
        asked.push(request);
        return ownCustomersOnly(request);
      },
    });
    await expect(
      spying.as('am-7').transaction(async (k) => {
        await k.contactRecords.record(contact('r-1', 'c-7', 'am-7'), ctx('am-7'));
        await k.contactRecords.record(contact('r-2', 'c-8', 'am-7'), ctx('am-7'));
      }),
    ).rejects.toBeInstanceOf(KehuForbiddenError);
    expect(asked.map((r) => [r.action, r.resource.customerId])).toEqual([
      ['contactRecords.record', 'c-7'],
      ['contactRecords.record', 'c-8'],
    ]);
    expect(await holdings(storage)).toEqual(before);
    // The hook reads through the transaction's repositories: it sees a customer created there.
    await kehu.as('lead').transaction(async (k) => {
      await k.customers.create(customer('c-9', 'am-7'), ctx('lead'));
    });
    await kehu.as('am-7').transaction(async (k) => {
      await k.contactRecords.record(contact('r-3', 'c-9', 'am-7'), ctx('am-7'));
    });
    await expect(kehu.transaction(async (k) => k.customers.count())).rejects.toBeInstanceOf(KehuForbiddenError);
    expect(await storage.contactRecords.count()).toBe(1);
  });

  it('asks about a stream on its first next(), after checking its arguments at the call', async () => {
    const { kehu } = await twoManagers();
    const asked: KehuAction[] = [];
    const counting = createKehu({
      storage: kehu.storage,
      authorize: (request) => {
        asked.push(request.action);
        return request.actor === 'lead';
      },
    });
    const stream = counting.as('am-7').customers.stream();
    expect(asked).toEqual([]);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(KehuForbiddenError);
    expect(asked).toEqual(['customers.stream']);
    const ids: string[] = [];
    for await (const c of counting.as('lead').customers.stream({ status: 'active' })) ids.push(c.record.id);
    expect(ids).toEqual(['c-7', 'c-8']);
    expect(() => counting.as('lead').customers.stream({ colour: 'red' } as never)).toThrow(KehuValidationError);
  });

  it('asks transactions.import once per distinct customer, before the batch holding its first row', async () => {
    const { storage } = await twoManagers();
    const asked: string[] = [];
    const kehu = createKehu({
      storage,
      authorize: ({ resource }) => {
        asked.push(resource.customerId ?? '?');
        return resource.customerId !== 'c-8';
      },
    });
    async function* rows() {
      for (let i = 0; i < 5; i++) yield order(`t-${i}`, 'c-7');
      yield order('t-5', 'c-8');
    }
    await expect(kehu.as('am-7').transactions.import(rows(), { batchSize: 3 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { resource: { type: 'transaction', customerId: 'c-8' } },
    });
    expect(asked).toEqual(['c-7', 'c-8']);
    // The first batch of three was written; the second, holding the refused row, was not.
    expect(await storage.transactions.count()).toBe(3);
    // A row that cannot be authorized is still refused by validation, not by the hook.
    await expect(kehu.transactions.import([{ ...order('t-9', 'c-7'), customerId: 7 as never }])).rejects.toBeInstanceOf(
      KehuValidationError,
    );
  });

  it('changes nothing without a hook or a bound actor', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage });
    const useCases: KehuUseCases = { ...kehu };
    expect(authorizeUseCases(useCases, storage, {})).toBe(useCases);
    await kehu.customers.create(customer('c-1', 'am-7'), ctx('am-7'));
    expect((await kehu.customers.get('c-1'))?.record.owner).toBe('am-7');
    // Bound to an actor without a hook, reads pass and writes are checked for the actor only.
    expect(await kehu.as('am-8').customers.count()).toBe(1);
    await kehu.as('am-8').customers.update('c-1', (c) => ({ ...c, owner: 'am-8' }), ctx('am-8'));
    expect(() => kehu.customers.stream({ colour: 'red' } as never)).toThrow(KehuValidationError);
  });
});
