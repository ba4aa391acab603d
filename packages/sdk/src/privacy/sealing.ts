import type { JsonValue } from '@kehu/core';
import { isEnvelope, type SubjectCipher } from './cipher.js';

/** The attribute key under which a stored record carries its sealed fields. Reserved: inputs may not use it. */
export const SEALED_KEY = 'kehu:sealed';
/** The attribute key under which a stored customer carries its blind-index tokens. Reserved too. */
export const LOOKUP_KEY = 'kehu:lookup';
/** What a required text field holds in the store while its value is sealed. */
export const SEALED_TEXT = '[sealed]';
/** What a required text field reads as once its person is erased. */
export const ERASED_TEXT = '[erased]';

type Plain = Record<string, unknown>;
type Carrier = Record<string, string | string[]>;

/** How one kind of record is sealed. */
export interface SealSpec {
  /** The personal fields to seal (dotted paths, from the personal-data policy). */
  readonly fields: readonly string[];
  /** Fields a record must keep as text: they hold {@link SEALED_TEXT} or {@link ERASED_TEXT}. */
  readonly required: ReadonlySet<string>;
  /** The JSON-object field that carries the sealed values under {@link SEALED_KEY}. */
  readonly carrier: string;
  /** Array fields sealed element by element (so changing one contact rewrites one envelope). */
  readonly perElement?: ReadonlySet<string>;
  /** Instead of a carrier object, seal every field into one envelope held by this text field (immutable events). */
  readonly inline?: string;
}

const TEXT_ANSWERS = 'textAnswers';

function isEmpty(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

/** The value of a personal field (`a` or `a.b`; `textAnswers` are the string answers of a survey response). */
function read(record: Plain, path: string): unknown {
  if (path === TEXT_ANSWERS) {
    const answers = record.answers as Plain | undefined;
    if (answers === undefined) return undefined;
    const text = Object.fromEntries(Object.entries(answers).filter(([, v]) => typeof v === 'string'));
    return Object.keys(text).length === 0 ? undefined : text;
  }
  const dot = path.indexOf('.');
  if (dot < 0) return record[path];
  const parent = record[path.slice(0, dot)] as Plain | undefined;
  return parent?.[path.slice(dot + 1)];
}

/** A copy of `record` with the field at `path` set to `value` (`undefined` removes it). */
function write(record: Plain, path: string, value: unknown): Plain {
  if (path === TEXT_ANSWERS) {
    const answers = { ...(record.answers as Plain) };
    const text = (value ?? {}) as Plain;
    for (const [k, v] of Object.entries(answers)) if (typeof v === 'string') answers[k] = text[k] ?? SEALED_TEXT;
    for (const [k, v] of Object.entries(text)) answers[k] = v;
    return { ...record, answers };
  }
  const dot = path.indexOf('.');
  if (dot < 0) {
    const out = { ...record };
    if (value === undefined) delete out[path];
    else out[path] = value;
    return out;
  }
  const key = path.slice(0, dot);
  const parent = record[key] as Plain | undefined;
  if (parent === undefined)
    return value === undefined ? record : { ...record, [key]: { [path.slice(dot + 1)]: value } };
  return { ...record, [key]: write(parent, path.slice(dot + 1), value) };
}

/** The value a field takes while sealed or once erased: placeholder text, an empty list or object, or nothing. */
function absent(record: Plain, spec: SealSpec, path: string, text: string): unknown {
  if (spec.required.has(path)) return text;
  if (path === TEXT_ANSWERS) return {};
  const current = read(record, path);
  if (Array.isArray(current)) return [];
  if (path === spec.carrier) return {};
  return undefined;
}

/**
 * Seals the personal fields of `record` for `subject`: each goes into an envelope under
 * the carrier's {@link SEALED_KEY} (array fields in `perElement` one envelope per element),
 * and the field keeps a placeholder. Sealing is deterministic ({@link SubjectCipher}), so
 * an update rewrites only the envelopes of what changed and the audit patch stays small.
 * The input is not mutated.
 */
export async function sealRecord(
  cipher: SubjectCipher,
  subject: string,
  record: Plain,
  spec: SealSpec,
): Promise<Plain> {
  if (spec.inline !== undefined) {
    const sealed: Plain = {};
    let out = record;
    for (const path of spec.fields) {
      const value = read(record, path);
      if (isEmpty(value)) continue;
      sealed[path] = value;
      out = write(out, path, undefined);
    }
    if (Object.keys(sealed).length === 0) return record;
    return { ...out, [spec.inline]: await cipher.seal(subject, sealed as JsonValue) };
  }
  const carrier: Carrier = {};
  let out = record;
  for (const path of spec.fields) {
    const value = read(record, path);
    if (isEmpty(value) || (spec.required.has(path) && value === SEALED_TEXT)) continue;
    carrier[path] =
      spec.perElement?.has(path) && Array.isArray(value)
        ? await Promise.all(value.map((v) => cipher.seal(subject, v as JsonValue)))
        : await cipher.seal(subject, value as JsonValue);
    out = write(out, path, absent(record, spec, path, SEALED_TEXT));
  }
  if (Object.keys(carrier).length === 0) return out;
  return { ...out, [spec.carrier]: { ...((out[spec.carrier] as Plain | undefined) ?? {}), [SEALED_KEY]: carrier } };
}

/** The sealed values a stored record carries, or `undefined`. */
export function carrierOf(stored: Plain, spec: SealSpec): Carrier | undefined {
  const holder = stored[spec.carrier] as Plain | undefined;
  const carrier = holder?.[SEALED_KEY];
  return carrier !== null && typeof carrier === 'object' ? (carrier as Carrier) : undefined;
}

/** `stored` without Kehu's reserved attribute keys. */
function withoutReserved(stored: Plain, carrier: string): Plain {
  const holder = stored[carrier] as Plain | undefined;
  if (holder === undefined || (!(SEALED_KEY in holder) && !(LOOKUP_KEY in holder))) return stored;
  const { [SEALED_KEY]: _sealed, [LOOKUP_KEY]: _lookup, ...rest } = holder;
  return { ...stored, [carrier]: rest };
}

/**
 * Opens the sealed fields of a stored record for `subject`. A field whose key is gone
 * (the person was erased) reads as {@link ERASED_TEXT} when it is required text, as an
 * empty list or object, or not at all. Records stored without sealing are returned as
 * they are, minus Kehu's reserved attribute keys.
 */
export async function unsealRecord(
  cipher: SubjectCipher,
  subject: string,
  stored: Plain,
  spec: SealSpec,
): Promise<Plain> {
  if (spec.inline !== undefined) {
    const envelope = stored[spec.inline];
    if (!isEnvelope(envelope)) return stored;
    const opened = (await cipher.open(subject, envelope)) as Plain | undefined;
    let out = write(stored, spec.inline, undefined);
    if (opened !== undefined) for (const [path, value] of Object.entries(opened)) out = write(out, path, value);
    return out;
  }
  const carrier = carrierOf(stored, spec);
  let out = withoutReserved(stored, spec.carrier);
  if (carrier === undefined) return out;
  for (const [path, sealed] of Object.entries(carrier)) {
    if (Array.isArray(sealed)) {
      const values = await Promise.all(sealed.map((e) => cipher.open(subject, e)));
      out = write(out, path, values.includes(undefined) ? [] : values);
      continue;
    }
    const value = await cipher.open(subject, sealed);
    out = write(out, path, value === undefined ? absent(out, spec, path, ERASED_TEXT) : value);
  }
  return out;
}

/**
 * `record` with every personal field of `spec` removed (required text becomes
 * {@link ERASED_TEXT}), the sealed values and lookup tokens dropped: what erasure keeps.
 */
export function eraseRecord(record: Plain, spec: SealSpec): Plain {
  let out = withoutReserved(record, spec.carrier);
  for (const path of spec.fields)
    if (read(out, path) !== undefined) out = write(out, path, absent(out, spec, path, ERASED_TEXT));
  return out;
}
