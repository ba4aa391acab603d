import {
  churnScoreRecordToJson,
  KehuConflictError,
  parseChurnScoreRecord,
  type ChurnScoreRecord,
  type JsonValue,
} from '@kehu/core';
import {
  auditPatch,
  checkScoreBatch,
  checkScoreVersion,
  type AuditChange,
  type ChurnScoreBatchEntry,
  decodeCursor,
  encodeCursor,
  pageLimit,
  streamPages,
  type ChurnScoreRepository,
  type Versioned,
} from '@kehu/storage';
import { writeAudits } from './audit-log.js';
import type { Runner } from './runner.js';
import type { Row, SqlSession } from './sql-client.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, jsonb } from './values.js';

/** Entries of a batch written per round of statements, so no parameter array grows without bound. */
const BATCH_CHUNK = 5000;

const stale = (id: string, expectedVersion: number, actual: number) =>
  new KehuConflictError(
    'churn-score',
    id,
    `churn score of customer ${JSON.stringify(id)} is at version ${actual}, not ${expectedVersion}`,
    { expectedVersion, actualVersion: actual },
  );

const versioned = (r: Row) => ({ record: parseChurnScoreRecord(fromJsonb(r.data)), version: r.seq as number });

/**
 * Churn score histories over SQL (rules CH-1 to CH-3): one row per score, the version being the `seq` of the latest;
 * the primary key `(customer_id, seq)` serves the current score of each customer.
 */
export function churnScoreRepository(run: Runner, t: TableNames): ChurnScoreRepository {
  const current = `SELECT DISTINCT ON (customer_id) customer_id, seq, data FROM ${t.churnScores}`;
  const listCurrent: ChurnScoreRepository['listCurrent'] = (request) =>
    run.read('churnScores.listCurrent', async (db) => {
      const limit = pageLimit(request);
      const after = request?.cursor === undefined ? undefined : decodeCursor('churnScores', request.cursor, 1)[0];
      const rows = await db.query(
        `${current}${after === undefined ? '' : ' WHERE customer_id > $2'} ORDER BY customer_id, seq DESC LIMIT $1`,
        after === undefined ? [limit + 1] : [limit + 1, after],
      );
      const items = rows.slice(0, limit).map(versioned);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor('churnScores', [last.record.customerId]) : null,
      };
    });
  // One chunk of a checked batch, or the one score of `record`: one read of the customers' latest scores, one
  // multi-row insert (which the primary key guards against a concurrent writer of the same seq) and one multi-row
  // audit insert.
  const appendChunk = async (
    db: SqlSession,
    entries: readonly ChurnScoreBatchEntry[],
    context: AuditChange['context'],
  ) => {
    const ids = entries.map((e) => e.score.customerId);
    const latest = new Map<string, Row>();
    for (const row of await db.query(`${current} WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, seq DESC`, [
      ids,
    ]))
      latest.set(row.customer_id as string, row);
    for (const { score, expectedVersion } of entries) {
      const actual = (latest.get(score.customerId)?.seq as number | undefined) ?? 0;
      if (actual !== expectedVersion) throw stale(score.customerId, expectedVersion, actual);
    }
    const json = entries.map((e) => churnScoreRecordToJson(e.score) as JsonValue);
    const inserted = await db.query(
      `INSERT INTO ${t.churnScores} (customer_id, seq, scored_at, score, band, data)
       SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::double precision[], $5::text[],
         $6::jsonb[])
       ON CONFLICT (customer_id, seq) DO NOTHING RETURNING customer_id`,
      [
        ids,
        entries.map((e) => e.expectedVersion + 1),
        entries.map((e) => iso(e.score.scoredAt)),
        entries.map((e) => e.score.score),
        entries.map((e) => e.score.band),
        json.map(jsonb),
      ],
    );
    if (inserted.length !== entries.length) {
      // A concurrent writer took one of the seqs after the read: report the first such customer.
      const done = new Set(inserted.map((r) => r.customer_id as string));
      const lost = entries.find((e) => !done.has(e.score.customerId))!;
      const [row] = await db.query(`SELECT coalesce(max(seq), 0) AS v FROM ${t.churnScores} WHERE customer_id = $1`, [
        lost.score.customerId,
      ]);
      throw stale(lost.score.customerId, lost.expectedVersion, Number(row!.v));
    }
    await writeAudits(
      db,
      t,
      entries.map(({ score, expectedVersion }, i): AuditChange => {
        const previous = latest.get(score.customerId);
        return {
          entity: 'churn-score',
          entityId: score.customerId,
          action: expectedVersion === 0 ? 'create' : 'update',
          context,
          version: expectedVersion + 1,
          patch: auditPatch(previous === undefined ? null : fromJsonb(previous.data), json[i]!),
        };
      }),
    );
    return json.map((j, i) => ({ record: parseChurnScoreRecord(j), version: entries[i]!.expectedVersion + 1 }));
  };
  return {
    recordBatch: (entries, context) =>
      run.write('churnScores.recordBatch', async (db) => {
        checkScoreBatch(entries);
        const out: Versioned<ChurnScoreRecord>[] = [];
        for (let i = 0; i < entries.length; i += BATCH_CHUNK)
          out.push(...(await appendChunk(db, entries.slice(i, i + BATCH_CHUNK), context)));
        return out;
      }),
    record: (score, expectedVersion, context) =>
      run.write('churnScores.record', async (db) => {
        checkScoreVersion(expectedVersion);
        const [stored] = await appendChunk(db, [{ score, expectedVersion }], context);
        return stored!;
      }),
    current: (customerId) =>
      run.read('churnScores.current', async (db) => {
        const [row] = await db.query(
          `SELECT seq, data FROM ${t.churnScores} WHERE customer_id = $1 ORDER BY seq DESC LIMIT 1`,
          [customerId],
        );
        return row === undefined ? null : versioned(row);
      }),
    history: (customerId) =>
      run.read('churnScores.history', async (db) =>
        (await db.query(`SELECT data FROM ${t.churnScores} WHERE customer_id = $1 ORDER BY seq`, [customerId])).map(
          (r) => parseChurnScoreRecord(fromJsonb(r.data)),
        ),
      ),
    listCurrent,
    streamCurrent: () => streamPages(listCurrent),
  };
}
