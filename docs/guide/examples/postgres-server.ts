// server.ts: the app on a PostgreSQL server, through your own pg Pool.
import { createKehu } from '@kehu/sdk';
import { createPostgresStorage, migrate } from '@kehu/storage-postgres';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', (error) => console.error('idle PostgreSQL connection failed', error));

// One schema holds Kehu's tables (default `kehu`); several stores can share a database.
const schema = process.env.KEHU_SCHEMA ?? 'kehu';
// At deployment or start-up. An advisory lock makes instances that start together apply each migration once.
const migration = await migrate(pool, { schema });
console.log(`schema ${schema} at version ${migration.version}, applied now: [${migration.applied.join(', ')}]`);

const kehu = createKehu({ storage: createPostgresStorage({ client: pool, schema }) });
const at = '2026-06-01T09:00:00+08:00';
if ((await kehu.customers.get('c-1')) === null) {
  await kehu.customers.create(
    { id: 'c-1', kind: 'organization', name: '上海华信贸易有限公司', status: 'active', createdAt: at },
    { actor: 'am-7', at, reason: 'new customer' },
  );
}

// Writers run in parallel on separate connections. Each update reads, changes and writes with the version
// it read; when another writer got there first, the SDK reads again and reapplies the change.
const tags = ['key-account', 'export', 'vip'];
await Promise.all(
  tags.map((tag) =>
    kehu.customers.update('c-1', (c) => ({ ...c, tags: [...new Set([...c.tags, tag])] }), {
      actor: 'am-7',
      at,
      reason: `tagged ${tag}`,
    }),
  ),
);

/** The customer's tags after the parallel updates: none lost. */
export const stored = (await kehu.customers.get('c-1'))?.record.tags.toSorted();
console.log(stored); // [ 'export', 'key-account', 'vip' ]

await kehu.close(); // the pool is yours: end it when the app shuts down
await pool.end();
