import type { JsonValue } from '@kehu/core';

/** A stored record in its JSON form, with its version. */
export interface VersionedJson {
  /** Optimistic-concurrency version. */
  version: number;
  /** The record as its `*ToJson` encoder wrote it. */
  json: JsonValue;
}

/** A complaint intake and its event log, in JSON form. */
export interface ComplaintJson {
  /** The intake. */
  complaint: JsonValue;
  /** The events, `seq` 1..n. */
  events: JsonValue[];
}

/** A record opened with an event log (a plan, an opportunity), in JSON form. */
export interface LogJson {
  /** The record as opened. */
  record: JsonValue;
  /** The events, `seq` 1..n. */
  events: JsonValue[];
}

/** What each table holds, by id. */
export interface TableValues {
  customers: VersionedJson;
  contactRecords: VersionedJson;
  complaints: ComplaintJson;
  /** Per customer id, the grade history (oldest first). */
  grades: JsonValue[];
  /** Per customer id, the churn score history (oldest first). */
  churnScores: JsonValue[];
  /** Customer exits by id. */
  exits: JsonValue;
  /** Owners (account managers with capacity and leave) by id. */
  owners: VersionedJson;
  /** Snoozes and skips of revisit tasks by id. */
  revisitActions: JsonValue;
  /** Maintenance plans with their event logs by id. */
  plans: LogJson;
  /** Actual spend entries against plans by id. */
  budgetActuals: JsonValue;
  /** Sales opportunities with their event logs by id. */
  opportunities: LogJson;
  transactions: JsonValue;
  surveyResponses: JsonValue;
  /** Keyed by `seq` as a string. */
  audit: JsonValue;
}

/** The tables of the store; each is persisted as one JSON file per generation. */
export type TableName = keyof TableValues;

/** Every table name. */
export const TABLES: readonly TableName[] = [
  'customers',
  'contactRecords',
  'complaints',
  'grades',
  'churnScores',
  'exits',
  'owners',
  'revisitActions',
  'plans',
  'budgetActuals',
  'opportunities',
  'transactions',
  'surveyResponses',
  'audit',
];

/** All tables in memory. */
export type Tables = { [T in TableName]: Map<string, TableValues[T]> };

/** Empty tables. */
export function emptyTables(): Tables {
  return {
    customers: new Map(),
    contactRecords: new Map(),
    complaints: new Map(),
    grades: new Map(),
    churnScores: new Map(),
    exits: new Map(),
    owners: new Map(),
    revisitActions: new Map(),
    plans: new Map(),
    budgetActuals: new Map(),
    opportunities: new Map(),
    transactions: new Map(),
    surveyResponses: new Map(),
    audit: new Map(),
  };
}
