// Audit benchmark: the audit bytes written by one one-tag change of a customer with 10,000
// contacts, on the memory adapter (the stored entry's JSON text) and on PGlite
// (`pg_column_size` of the stored patch, TOAST compression included). Peer, measured in the
// same run: what an entry holding the record's JSON before and after (two full copies) takes
// for the same change; target: at most 1% of the peer. Also the time of the audited update on
// each adapter (mostly the record's JSON encoding, which the peer needed too).
import { PGlite } from '@electric-sql/pglite';
import { auditEntryToJson, customerToJson, parseAuditContext, parseCustomer } from '../../packages/core/dist/index.js';
import { createKehu, createMemoryKeyProvider } from '../../packages/sdk/dist/index.js';
import { createMemoryStorage } from '../../packages/storage-memory/dist/index.js';
import { createPostgresStorage, migrate } from '../../packages/storage-postgres/dist/index.js';

const CONTACTS = Number(process.env.KEHU_BENCH_AUDIT_CONTACTS || 10_000);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const bytes = (text) => Buffer.byteLength(text, 'utf8');
const target = (written, peer) => `(target <= 1% of the peer: ${written <= peer / 100 ? 'met' : 'NOT met'})`;

/** A customer with `CONTACTS` contacts, each with a name, a title and a mobile number. */
function bigCustomer() {
  return parseCustomer({
    id: 'c-big',
    kind: 'organization',
    name: '华东精密机电有限公司',
    status: 'active',
    createdAt: '2024-01-02T09:00:00+08:00',
    contacts: Array.from({ length: CONTACTS }, (_, i) => ({
      id: `k-${i}`,
      name: `联系人 ${i}`,
      title: '采购经理',
      channels: [{ type: 'mobile', value: `138${String(i).padStart(8, '0')}` }],
    })),
    tags: ['key-account'],
  });
}

const ctx = (reason) => parseAuditContext({ actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason });

/** Creates the customer, then times one update adding a tag; returns the customer before and after and the time. */
async function oneTagChange(storage) {
  const before = bigCustomer();
  await storage.customers.create(before, ctx('new customer'));
  const after = { ...before, tags: [...before.tags, 'vip'] };
  const started = performance.now();
  await storage.customers.update(after, 1, ctx('tagged vip'));
  return { before, after, ms: performance.now() - started };
}

async function lastEntry(storage) {
  const page = await storage.audit.list({ entity: 'customer', entityId: 'c-big' });
  return page.items[page.items.length - 1];
}

async function memory() {
  const storage = createMemoryStorage();
  const { before, after, ms } = await oneTagChange(storage);
  const entry = await lastEntry(storage);
  const written = bytes(JSON.stringify(auditEntryToJson(entry)));
  const { patch: _patch, ...rest } = auditEntryToJson(entry);
  const peer = bytes(JSON.stringify({ ...rest, before: customerToJson(before), after: customerToJson(after) }));
  // The worst case for a diff: the first contact removed shifts every later index, so the entry is one copy.
  await storage.customers.update({ ...after, contacts: after.contacts.slice(1) }, 2, ctx('contact left'));
  const shifted = await lastEntry(storage);
  const worst = bytes(JSON.stringify(auditEntryToJson(shifted)));
  await storage.close();
  return { written, peer, ms, patch: JSON.stringify(entry.patch), worst, worstOp: shifted.patch[0].op };
}

/** The same change through the SDK with personal data sealed per person (each contact its own envelope). */
async function sealed() {
  const storage = createMemoryStorage();
  const kehu = createKehu({ storage, keys: createMemoryKeyProvider() });
  await kehu.customers.create(bigCustomer(), ctx('new customer'));
  const started = performance.now();
  await kehu.customers.update('c-big', (c) => ({ ...c, tags: [...c.tags, 'vip'] }), ctx('tagged vip'));
  const ms = performance.now() - started;
  const entry = await lastEntry(storage);
  const stored = (await storage.customers.get('c-big')).record;
  await storage.close();
  return { written: bytes(JSON.stringify(auditEntryToJson(entry))), record: bytes(JSON.stringify(stored)), ms };
}

async function pglite() {
  const db = new PGlite();
  await migrate(db, { schema: 'kehu' });
  const storage = createPostgresStorage({ client: db, schema: 'kehu' });
  const { before, after, ms } = await oneTagChange(storage);
  const [row] = (
    await db.query(
      `SELECT pg_column_size(patch) AS patch, pg_column_size(a.*) AS entry
         FROM kehu.audit_log a WHERE entity_id = 'c-big' ORDER BY seq DESC LIMIT 1`,
    )
  ).rows;
  // The peer: the same two JSON forms stored as jsonb columns of a table, as an entry with before and after was.
  await db.exec('CREATE TEMP TABLE peer_entry (before jsonb, after jsonb)');
  await db.query('INSERT INTO peer_entry VALUES ($1::jsonb, $2::jsonb)', [
    JSON.stringify(customerToJson(before)),
    JSON.stringify(customerToJson(after)),
  ]);
  const [peer] = (await db.query('SELECT pg_column_size(before) + pg_column_size(after) AS size FROM peer_entry')).rows;
  const [data] = (await db.query(`SELECT pg_column_size(data) AS size FROM kehu.customers WHERE id = 'c-big'`)).rows;
  await storage.close();
  await db.close();
  return { patch: row.patch, entry: row.entry, peer: peer.size, record: data.size, ms };
}

export async function runAuditBench() {
  const recordText = JSON.stringify(customerToJson(bigCustomer()));
  console.log(
    `one-tag change of a customer with ${fmt(CONTACTS)} contacts ` +
      `(record JSON ${fmt(bytes(recordText))} bytes; peer: an entry with the JSON before and after)`,
  );
  const m = await memory();
  console.log(
    `memory: audit entry ${fmt(m.written)} bytes (patch ${m.patch}) vs ${fmt(m.peer)} bytes ` +
      `before+after: ${(m.peer / m.written).toFixed(0)}x smaller ${target(m.written, m.peer)}; ` +
      `update ${m.ms.toFixed(1)} ms`,
  );
  console.log(
    `memory, worst case (the first of the contacts removed): one ${m.worstOp} of the whole record, ` +
      `${fmt(m.worst)} bytes, ${(m.peer / m.worst).toFixed(1)}x smaller than before+after`,
  );
  const e = await sealed();
  console.log(
    `memory through the SDK, personal data sealed: audit entry ${fmt(e.written)} bytes ` +
      `(the sealed record ${fmt(e.record)} bytes); update ${e.ms.toFixed(1)} ms`,
  );
  const p = await pglite();
  console.log(
    `PGlite: patch column ${fmt(p.patch)} bytes, whole entry row ${fmt(p.entry)} bytes vs ${fmt(p.peer)} bytes ` +
      `before+after (jsonb, TOAST-compressed; the record itself ${fmt(p.record)} bytes): ` +
      `${(p.peer / p.entry).toFixed(0)}x smaller ${target(p.entry, p.peer)}; update ${p.ms.toFixed(1)} ms`,
  );
}
