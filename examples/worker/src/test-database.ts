import type { Kehu } from '@kehu/sdk';
import pg from 'pg';

/** The PostgreSQL server of the tests (`KEHU_TEST_DATABASE_URL`), or `undefined` when there is none. */
export const testServerUrl: string | undefined = process.env.KEHU_TEST_DATABASE_URL || undefined;

/** A fresh database on the test server, for one test file. */
export interface TestDatabase {
  /** Its URL. */
  url: string;
  /** Drops it (connections still open to it are ended first). */
  drop(): Promise<void>;
}

/** Creates the database `name` on the test server (dropping a leftover of the same name first). */
export async function createTestDatabase(serverUrl: string, name: string): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Stores one customer and `count` complaints received 25 to 45 hours before `now` and still open, so that several
 * escalations and callbacks of the default SLA policy are due for each (rules SL-2 to SL-4, CA-3): the intake
 * escalation of urgent and major ones, the warnings at 90 % and the breaches of the first reply (24 h) and, for urgent
 * and major ones, of the preliminary solution (8 h), each breach with a deadline-passed callback, and a
 * written-complaint callback for e-mails and letters. Nothing else falls due for days (the resolution target is five
 * working days). Returns the complaint ids.
 */
export async function seedComplaints(kehu: Kehu, now: Date, count: number): Promise<string[]> {
  const at = new Date(now.getTime() - 50 * 3_600_000);
  await kehu.customers.create(
    { id: 'c-1', kind: 'organization', name: '上海示例贸易有限公司', status: 'active', createdAt: at },
    { actor: 'seed', at, reason: 'fault test' },
  );
  const severities = ['urgent', 'major', 'normal'] as const;
  const channels = ['phone', 'email', 'letter', 'online'] as const;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `k-${String(i + 1).padStart(3, '0')}`;
    const receivedAt = new Date(now.getTime() - (25 + (20 * i) / count) * 3_600_000);
    await kehu.complaints.open(
      {
        id,
        customerId: 'c-1',
        content: `Delivery ${i + 1} arrived damaged`,
        occurredAt: receivedAt,
        receivedAt,
        channel: channels[i % channels.length]!,
        severity: severities[i % severities.length]!,
      },
      'seed',
    );
    ids.push(id);
  }
  return ids;
}
