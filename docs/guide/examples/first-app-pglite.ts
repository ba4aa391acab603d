// app.ts: a first Kehu app on PGlite, PostgreSQL embedded in the process and kept in a directory.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createKehu } from '@kehu/sdk';
import { createPostgresStorage, migrate } from '@kehu/storage-postgres';

// PGlite needs its data directory to exist.
const dataDir = process.env.KEHU_DATA_DIR ?? '.kehu/app';
mkdirSync(dataDir, { recursive: true });
const db = new PGlite(dataDir);
await migrate(db); // creates the schema `kehu`; running it again changes nothing
const kehu = createKehu({ storage: createPostgresStorage({ client: db }) });

// Customers and their sales in one transaction: all of it is stored, or none. Every change to the archive is
// audited (who, when, why: rule AR-4); amounts are decimal strings and instants carry an offset.
const context = { actor: 'am-7', at: '2026-06-01T09:00:00+08:00', reason: 'first customers' };
const people = [
  { id: 'c-1', name: '张伟' },
  { id: 'c-2', name: 'Li Na' },
  { id: 'c-3', name: '王芳' },
];
const imported = await kehu.transaction(async (k) => {
  for (const { id, name } of people) {
    if ((await k.customers.get(id)) !== null) continue; // already stored by an earlier run
    await k.customers.create(
      { id, kind: 'person', name, status: 'active', createdAt: '2026-06-01T09:00:00+08:00' },
      context,
    );
  }
  // Importing again stores nothing twice: transactions are appended idempotently by id.
  return k.transactions.import([
    { id: 't-1', customerId: 'c-1', occurredAt: '2026-06-02T10:00:00+08:00', amount: '1999.90', currency: 'CNY' },
    { id: 't-2', customerId: 'c-1', occurredAt: '2026-06-20T15:30:00+08:00', amount: '520.00', currency: 'CNY' },
    { id: 't-3', customerId: 'c-2', occurredAt: '2026-06-05T11:00:00+08:00', amount: '88.00', currency: 'CNY' },
    {
      id: 't-4',
      customerId: 'c-1',
      occurredAt: '2026-06-21T09:00:00+08:00',
      amount: '520.00',
      currency: 'CNY',
      kind: 'refund',
      relatesTo: 't-2',
    },
  ]);
});
console.log(imported); // { processed: 4, inserted: 4, duplicates: 0, invalid: [] } the first time

// Grade every customer by contribution over the past year (GR-1, GR-2) and store the grades.
const asOf = new Date('2026-06-30T16:00:00Z');
const regrading = await kehu.value.regradeAll({ asOf, apply: { actor: 'regrader', reason: 'monthly re-grading' } });
for (const g of regrading.evaluation.grades) console.log(g.customerId, g.tier, g.contribution.toString());
// c-1 diamond 1999.9 (the refund netted, AR-6) · c-2 diamond 88; c-3 has bought nothing yet, so no grade

// Read back: customers by tier (or status, kind, owner), a page at a time.
const diamonds = await kehu.customers.list({ tier: 'diamond' }, { limit: 50 });
/** The names of the diamond customers, as stored. */
export const diamondCustomers = diamonds.items.map((c) => c.record.name);
console.log(diamondCustomers, diamonds.nextCursor); // [ '张伟', 'Li Na' ] null (no further page)

await kehu.close(); // closes the adapter; the PGlite instance is yours to close
await db.close();
