import { KehuStorageError } from '@kehu/core';
import { DEFAULT_SCHEMA, quoteSchema } from './identifiers.js';
import { toSqlClient, type DatabaseClient } from './sql-client.js';

/** One versioned schema change. `sql` receives the quoted schema name. */
export interface Migration {
  /** Applied in increasing order; never reused. */
  version: number;
  /** What it does. */
  name: string;
  /** The statements. */
  sql: (schema: string) => string;
}

/**
 * The migrations shipped with this version of the package. Money is NUMERIC (exact),
 * instants timestamptz, records and custom attributes jsonb; ids and other ordered text
 * use `COLLATE "C"` so the database orders them by code point, as the contract requires.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: (s) => `
CREATE TABLE ${s}.customers (
  id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL CHECK (version > 0),
  kind text NOT NULL,
  status text NOT NULL,
  owner text,
  created_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX customers_owner ON ${s}.customers (owner, id);

CREATE TABLE ${s}.transactions (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('purchase', 'refund', 'return')),
  amount numeric NOT NULL CHECK (amount >= 0),
  currency text COLLATE "C" NOT NULL,
  product text,
  quantity integer,
  payment_method text,
  channel text,
  relates_to text,
  attributes jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX transactions_customer_time ON ${s}.transactions (customer_id, occurred_at, id);
CREATE INDEX transactions_time ON ${s}.transactions (occurred_at);

CREATE TABLE ${s}.complaints (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  received_at timestamptz NOT NULL,
  severity text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  data jsonb NOT NULL
);
CREATE INDEX complaints_customer ON ${s}.complaints (customer_id, received_at, id);

CREATE TABLE ${s}.complaint_events (
  complaint_id text COLLATE "C" NOT NULL REFERENCES ${s}.complaints (id),
  seq integer NOT NULL CHECK (seq > 0),
  type text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (complaint_id, seq)
);

CREATE TABLE ${s}.contact_records (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  data jsonb NOT NULL
);
CREATE INDEX contact_records_customer ON ${s}.contact_records (customer_id, at, id);

CREATE TABLE ${s}.survey_responses (
  id text COLLATE "C" PRIMARY KEY,
  survey_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  answered_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX survey_responses_survey ON ${s}.survey_responses (survey_id, id);
CREATE INDEX survey_responses_customer ON ${s}.survey_responses (customer_id, id);

CREATE TABLE ${s}.grade_assignments (
  customer_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  tier text NOT NULL,
  effective_from timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (customer_id, seq)
);

CREATE TABLE ${s}.audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity text NOT NULL,
  entity_id text COLLATE "C" NOT NULL,
  action text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  reason text NOT NULL,
  version integer NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_entity ON ${s}.audit_log (entity, entity_id, seq);
`,
  },
  {
    version: 2,
    name: 'filtered reads: complaint state and severity in effect, contact record owner, indexes',
    sql: (s) => `
ALTER TABLE ${s}.complaints ADD COLUMN state text NOT NULL DEFAULT 'open';
UPDATE ${s}.complaints c SET
  state = coalesce((
    SELECT CASE e.type WHEN 'waiting-on-customer' THEN 'waiting-on-customer' WHEN 'resolved' THEN 'resolved'
      WHEN 'closed' THEN 'closed' ELSE 'open' END
      FROM ${s}.complaint_events e
     WHERE e.complaint_id = c.id
       AND e.type IN ('received', 'resumed', 'reopened', 'waiting-on-customer', 'resolved', 'closed')
     ORDER BY e.seq DESC LIMIT 1), 'open'),
  severity = coalesce((
    SELECT e.data->>'to' FROM ${s}.complaint_events e
     WHERE e.complaint_id = c.id AND e.type = 'severity-changed'
     ORDER BY e.seq DESC LIMIT 1), c.severity);
CREATE INDEX complaints_received ON ${s}.complaints (received_at, id);
CREATE INDEX complaints_state ON ${s}.complaints (state, received_at, id);
CREATE INDEX complaints_severity ON ${s}.complaints (severity, received_at, id);
ALTER TABLE ${s}.contact_records ADD COLUMN owner text COLLATE "C";
UPDATE ${s}.contact_records SET owner = data->>'owner';
CREATE INDEX contact_records_owner ON ${s}.contact_records (owner, at, id);
CREATE INDEX contact_records_time ON ${s}.contact_records (at, id);
CREATE INDEX customers_status ON ${s}.customers (status, id);
CREATE INDEX customers_kind ON ${s}.customers (kind, id);
CREATE INDEX survey_responses_customer_time ON ${s}.survey_responses (customer_id, answered_at, id);
CREATE INDEX survey_responses_time ON ${s}.survey_responses (answered_at, id);
`,
  },
  {
    version: 3,
    name: 'complaint head: the instant of the last event kept with the complaint',
    sql: (s) => `
ALTER TABLE ${s}.complaints ADD COLUMN last_event_at timestamptz;
UPDATE ${s}.complaints c SET last_event_at = coalesce((
  SELECT e.at FROM ${s}.complaint_events e WHERE e.complaint_id = c.id ORDER BY e.seq DESC LIMIT 1), c.received_at);
ALTER TABLE ${s}.complaints ALTER COLUMN last_event_at SET NOT NULL;
`,
  },
  {
    version: 4,
    name: 'audit entries record a JSON Patch instead of the record before and after; audit time index for retention',
    sql: (s) => `
ALTER TABLE ${s}.audit_log ADD COLUMN patch jsonb;
UPDATE ${s}.audit_log SET patch = CASE action
  WHEN 'create' THEN jsonb_build_array(jsonb_build_object('op', 'add', 'path', '', 'value', after))
  WHEN 'delete' THEN jsonb_build_array(jsonb_build_object('op', 'remove', 'path', ''))
  ELSE jsonb_build_array(jsonb_build_object('op', 'replace', 'path', '', 'value', after)) END;
ALTER TABLE ${s}.audit_log ALTER COLUMN patch SET NOT NULL;
ALTER TABLE ${s}.audit_log DROP COLUMN before, DROP COLUMN after;
CREATE INDEX audit_log_at ON ${s}.audit_log (at);
`,
  },
  {
    version: 5,
    name: 'blind index: customers found by their lookup tokens',
    sql: (s) => `
CREATE INDEX customers_lookup ON ${s}.customers USING gin ((data->'attributes'->'kehu:lookup'));
`,
  },
  {
    version: 6,
    name: 'contact records by purpose (in-depth interviews, rule SA-2)',
    sql: (s) => `
CREATE INDEX contact_records_purpose ON ${s}.contact_records ((data->>'purpose'), at, id);
`,
  },
  {
    version: 7,
    name: 'churn score histories and customer exits (rules CH-1 to CH-7)',
    sql: (s) => `
CREATE TABLE ${s}.churn_scores (
  customer_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  scored_at timestamptz NOT NULL,
  score double precision NOT NULL CHECK (score >= 0 AND score <= 100),
  band text NOT NULL CHECK (band IN ('low', 'medium', 'high', 'critical')),
  data jsonb NOT NULL,
  PRIMARY KEY (customer_id, seq)
);

CREATE TABLE ${s}.customer_exits (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  left_at timestamptz NOT NULL,
  reason text COLLATE "C" NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX customer_exits_left_at ON ${s}.customer_exits (left_at, id);
CREATE INDEX customer_exits_customer ON ${s}.customer_exits (customer_id, left_at, id);
CREATE INDEX customer_exits_reason ON ${s}.customer_exits (reason, left_at, id);
`,
  },
  {
    version: 8,
    name: 'owners with capacity and leave, snoozes and skips of revisit tasks (rules CA-1 to CA-9)',
    sql: (s) => `
CREATE TABLE ${s}.owners (
  id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL CHECK (version > 0),
  data jsonb NOT NULL
);

CREATE TABLE ${s}.revisit_actions (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('snooze', 'skip')),
  data jsonb NOT NULL
);
CREATE INDEX revisit_actions_customer ON ${s}.revisit_actions (customer_id, at, id);
`,
  },
  {
    version: 9,
    name: 'maintenance plans, budget actuals and sales opportunities with their event logs (rules MP-1 to MP-3)',
    sql: (s) => `
CREATE TABLE ${s}.maintenance_plans (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  data jsonb NOT NULL
);
CREATE INDEX maintenance_plans_owner ON ${s}.maintenance_plans (owner_id, id);

CREATE TABLE ${s}.plan_events (
  plan_id text COLLATE "C" NOT NULL REFERENCES ${s}.maintenance_plans (id),
  seq integer NOT NULL CHECK (seq > 0),
  type text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (plan_id, seq)
);

CREATE TABLE ${s}.budget_actuals (
  id text COLLATE "C" PRIMARY KEY,
  plan_id text COLLATE "C" NOT NULL,
  spent_on text COLLATE "C" NOT NULL,
  amount numeric NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX budget_actuals_plan ON ${s}.budget_actuals (plan_id, spent_on, id);

CREATE TABLE ${s}.opportunities (
  id text COLLATE "C" PRIMARY KEY,
  customer_id text COLLATE "C" NOT NULL,
  salesperson_id text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL,
  expected_revenue numeric NOT NULL CHECK (expected_revenue >= 0),
  version integer NOT NULL CHECK (version > 0),
  data jsonb NOT NULL
);
CREATE INDEX opportunities_customer ON ${s}.opportunities (customer_id, created_at, id);
CREATE INDEX opportunities_salesperson ON ${s}.opportunities (salesperson_id, created_at, id);

CREATE TABLE ${s}.opportunity_events (
  opportunity_id text COLLATE "C" NOT NULL REFERENCES ${s}.opportunities (id),
  seq integer NOT NULL CHECK (seq > 0),
  type text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (opportunity_id, seq)
);
`,
  },
];

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Schema of the Kehu tables; default `kehu`. */
  schema?: string;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was up to date). */
  applied: number[];
  /** The schema's version after the call. */
  version: number;
}

/**
 * Applies the shipped migrations that the schema does not have yet, each in its own
 * transaction, under an advisory lock so that concurrent callers (several app instances
 * starting at once) apply each migration exactly once. Applying them again is harmless.
 * Call it explicitly at deployment or start-up: the adapter never changes the schema on
 * its own.
 */
export async function migrate(client: DatabaseClient, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schemaName = options.schema ?? DEFAULT_SCHEMA;
  const s = quoteSchema(schemaName);
  const sql = toSqlClient(client);
  const applied: number[] = [];
  try {
    for (const migration of MIGRATIONS) {
      const done = await sql.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kehu-migrate:${schemaName}`]);
        await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await tx.query(
          `CREATE TABLE IF NOT EXISTS ${s}.kehu_migrations
             (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        const rows = await tx.query(`SELECT 1 FROM ${s}.kehu_migrations WHERE version = $1`, [migration.version]);
        if (rows.length > 0) return false;
        for (const statement of migration
          .sql(s)
          .split(/;\s*\n/)
          .map((x) => x.trim())
          .filter(Boolean))
          await tx.query(statement);
        await tx.query(`INSERT INTO ${s}.kehu_migrations (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
        return true;
      });
      if (done) applied.push(migration.version);
    }
  } catch (cause) {
    throw new KehuStorageError(
      'migrate',
      `could not migrate schema ${schemaName}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  return { applied, version: MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0 };
}
