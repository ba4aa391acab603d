import { gradeAssignmentToJson, KehuConflictError, parseGradeAssignment, type JsonValue } from '@kehu/core';
import {
  auditPatch,
  checkGradeVersion,
  decodeCursor,
  encodeCursor,
  pageLimit,
  streamPages,
  type GradeRepository,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso, jsonb } from './values.js';

/** Grade histories over SQL (rules GR-1, GR-4): one row per assignment, version = `seq` of the latest. */
export function gradeRepository(run: Runner, t: TableNames): GradeRepository {
  const current = `SELECT DISTINCT ON (customer_id) customer_id, seq, data FROM ${t.gradeAssignments}`;
  const listCurrent: GradeRepository['listCurrent'] = (request) =>
    run.read('grades.listCurrent', async (db) => {
      const limit = pageLimit(request);
      const after = request?.cursor === undefined ? undefined : decodeCursor('grades', request.cursor, 1)[0];
      const rows = await db.query(
        `${current}${after === undefined ? '' : ' WHERE customer_id > $2'} ORDER BY customer_id, seq DESC LIMIT $1`,
        after === undefined ? [limit + 1] : [limit + 1, after],
      );
      const items = rows
        .slice(0, limit)
        .map((r) => ({ record: parseGradeAssignment(fromJsonb(r.data)), version: r.seq as number }));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor('grades', [last.record.customerId]) : null,
      };
    });
  return {
    assign: (assignment, expectedVersion, context) =>
      run.write('grades.assign', async (db) => {
        checkGradeVersion(expectedVersion);
        const id = assignment.customerId;
        const json = gradeAssignmentToJson(assignment) as JsonValue;
        // Inserted only when the history's length is the expected version; a concurrent
        // writer of the same seq makes the primary key refuse this one. The next seq comes from the
        // stored length, not `$2 + 1`, so a stale `MAX_VERSION` is a conflict, not an integer overflow.
        const inserted = await db.query(
          `INSERT INTO ${t.gradeAssignments} (customer_id, seq, tier, effective_from, data)
           SELECT $1, h.n + 1, $3, $4::timestamptz, $5::jsonb
             FROM (SELECT coalesce(max(seq), 0) AS n FROM ${t.gradeAssignments} WHERE customer_id = $1) h
            WHERE h.n = $2
           ON CONFLICT (customer_id, seq) DO NOTHING RETURNING seq`,
          [id, expectedVersion, assignment.tier, iso(assignment.effectiveFrom), jsonb(json)],
        );
        if (inserted.length === 0) {
          const [row] = await db.query(
            `SELECT coalesce(max(seq), 0) AS v FROM ${t.gradeAssignments} WHERE customer_id = $1`,
            [id],
          );
          const actual = Number(row!.v);
          throw new KehuConflictError(
            'grade',
            id,
            `grade of customer ${JSON.stringify(id)} is at version ${actual}, not ${expectedVersion}`,
            { expectedVersion, actualVersion: actual },
          );
        }
        const [previous] =
          expectedVersion === 0
            ? []
            : await db.query(`SELECT data FROM ${t.gradeAssignments} WHERE customer_id = $1 AND seq = $2`, [
                id,
                expectedVersion,
              ]);
        await writeAudit(db, t, {
          entity: 'grade',
          entityId: id,
          action: expectedVersion === 0 ? 'create' : 'update',
          context,
          version: expectedVersion + 1,
          patch: auditPatch(previous === undefined ? null : fromJsonb(previous.data), json),
        });
        return { record: parseGradeAssignment(json), version: expectedVersion + 1 };
      }),
    current: (customerId) =>
      run.read('grades.current', async (db) => {
        const [row] = await db.query(
          `SELECT seq, data FROM ${t.gradeAssignments} WHERE customer_id = $1 ORDER BY seq DESC LIMIT 1`,
          [customerId],
        );
        return row === undefined
          ? null
          : { record: parseGradeAssignment(fromJsonb(row.data)), version: row.seq as number };
      }),
    history: (customerId) =>
      run.read('grades.history', async (db) =>
        (
          await db.query(`SELECT data FROM ${t.gradeAssignments} WHERE customer_id = $1 ORDER BY seq`, [customerId])
        ).map((r) => parseGradeAssignment(fromJsonb(r.data))),
      ),
    listCurrent,
    streamCurrent: () => streamPages(listCurrent),
  };
}
