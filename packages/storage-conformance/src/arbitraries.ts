import { Decimal } from '@kehu/core';
import * as fc from 'fast-check';

/**
 * fast-check arbitraries over the whole input space of each aggregate's parser: mostly valid records with nasty
 * but legal values (astral characters, combining marks, right-to-left text, emoji, very long text, boundary
 * decimals and instants, DST instants, deep-but-allowed JSON, empty arrays and objects), with values no store can
 * hold exactly mixed in (lone surrogates, NUL, huge exponents, `-0`, out-of-range integers and years, `__proto__`
 * keys, cycles, deep nesting, unknown fields, non-objects). The hostile-input suite feeds them to core's parsers
 * and to the adapter under test; they are exported so an adapter author can reuse them.
 */

/** One invalid value per this many valid ones, per field (a record with a dozen fields is refused ~40% of the time). */
const FIELD_ODDS = 50;

/** `valid` most of the time, one of `invalid` sometimes. */
function mix<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: FIELD_ODDS }, { arbitrary: invalid, weight: 1 });
}

/** Text every store must hold exactly: astral, combining, RTL, ZWJ emoji, controls, markup, SQL. */
export const NASTY_TEXT: readonly string[] = [
  ' ',
  '😀',
  '👩‍👩‍👧‍👦 🇨🇳 🧑🏽‍💻',
  '𠮷野家 𝕂𝕖𝕙𝕦',
  'e\u0301 n\u0303 Z\u0334\u0321\u032A\u035A\u0344a\u0337l\u0338g\u0335o\u0336',
  'مرحبا بالعالم',
  'שלום \u202Eevil\u202C \u200F',
  'bom\uFEFF \u200B\u200C\u200D \u2060',
  'tab\tnew\nline\r\ncr\u000B\u000C',
  '\u0001\u001F\u007F\u0080\u009F',
  '\uFFFD \uFFFE \uFFFF \uE000 \u{10FFFF} \u{F0000}',
  'ｚ Ω Å K ﬁ ß ẞ İ ı',
  '客户关系管理 顧客',
  "'; DROP TABLE customers; --",
  // A template placeholder, quotes and format directives, taken literally by every store.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the point of this text
  '"\\\'`${x}%s%n',
  '\\u0000 \\x00 \\\\',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '0',
  '-0',
  'NaN',
  '1e9000000000000000',
];

/** Text no store can hold exactly: lone surrogates, NUL, a leading byte-order mark. */
export const INVALID_TEXT: readonly string[] = [
  '\uFEFFleading byte-order mark',
  '\uD800',
  'a\uDFFFb',
  '\uDC00\uD800',
  '😀'.slice(0, 1),
  '\u0000',
  'nul\u0000inside',
];

// At and past the default limits (10,000 code points of free text, 200 of a name), astral and combining.
const longText = fc.constantFrom(
  '😀'.repeat(10_000),
  '客'.repeat(10_000),
  'x'.repeat(10_001),
  'é'.repeat(200),
  'n'.repeat(201),
  'e\u0301'.repeat(5_000),
  '客户😀'.repeat(20_000),
);

/** Free text: nasty but valid most of the time; lone surrogates and NUL sometimes. */
export function hostileText(options: { minLength?: number } = {}): fc.Arbitrary<unknown> {
  const min = options.minLength ?? 0;
  const valid = fc
    .oneof(
      { arbitrary: fc.constantFrom(...NASTY_TEXT), weight: 32 },
      { arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: 30 }), weight: 32 },
      // Any code point but half surrogates: controls, noncharacters and NUL included.
      { arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: 12 }), weight: 16 },
      // Rare, so a record with a dozen text fields stays small most of the time.
      { arbitrary: longText, weight: 1 },
    )
    .filter((s) => s.length >= min);
  const invalid = fc.oneof(fc.constantFrom(...INVALID_TEXT), fc.constant(''), fc.constant(42), fc.constant(null));
  return mix(valid, invalid);
}

/** Ids that catch locale collation and UTF-16 order, and ids with text no store can hold. */
export const NASTY_IDS: readonly string[] = [
  'a',
  'B',
  '中',
  '😀',
  'a-10',
  'a-9',
  'Z',
  'é',
  'e\u0301',
  'ｚ',
  '_',
  '\uE000',
  '\uFFFF',
  '\u{10FFFF}',
  '𠮷',
  ' ',
  'id with spaces',
  'ע',
];

/** A host id: nasty but valid (1 to 256 UTF-16 units) most of the time; empty, too long or ill-formed sometimes. */
export function hostileId(): fc.Arbitrary<unknown> {
  const valid = fc.oneof(
    fc.constantFrom(...NASTY_IDS),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
    fc.constant('i'.repeat(256)),
  );
  const invalid = fc.oneof(
    fc.constantFrom('', 'i'.repeat(257), '\uD83D', 'a\u0000b', '\uDE00x'),
    fc.constantFrom(7, null, ['a']),
  );
  return mix(valid, invalid);
}

/** Decimal text with up to 20 integer and 10 fraction digits: what every store holds exactly. */
const decimalText = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), fc.integer({ min: 0, max: 10 }), fc.bigInt({ min: 0n }))
  .map(([whole, scale, fraction]) =>
    scale === 0 ? String(whole) : `${whole}.${String(fraction % 10n ** BigInt(scale)).padStart(scale, '0')}`,
  );

/** A non-negative exact amount: boundary and generated decimals; huge exponents, `-0`, NaN and floats sometimes. */
export function hostileDecimal(): fc.Arbitrary<unknown> {
  const valid = fc.oneof(
    fc.constantFrom(
      '0',
      '0.0000000001',
      '99999999999999999999.9999999999',
      '99999999999999999999',
      '1.10',
      '9007199254740993',
      '0.5',
      '100.00',
      0,
      0.5,
      12_345,
      2 ** 53,
    ),
    decimalText,
    decimalText.map((s) => new Decimal(s)),
  );
  const invalid = fc.constantFrom(
    '1e9000000000000000',
    '1e100000',
    '-1e-9000000000000000',
    '123456789012345678901',
    '0.00000000001',
    '-0',
    -0,
    '-1',
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    'Infinity',
    '',
    ' 1',
    '0x10',
    1e21,
    null,
  );
  return mix(valid, invalid);
}

/** A positive 32-bit integer (quantities, levels); beyond int32, fractions, `-0` and strings sometimes. */
export function hostileInteger(options: { min?: number } = {}): fc.Arbitrary<unknown> {
  const min = options.min ?? 1;
  const valid = fc.oneof(fc.constantFrom(min, 2_147_483_647), fc.integer({ min, max: 2_147_483_647 }));
  const invalid = fc.constantFrom(2_147_483_648, 2 ** 53, -1, 1.5, -0, Number.NaN, '5', min - 1, 1e300);
  return mix(valid, invalid);
}

const FIRST = new Date('0001-01-01T00:00:00.000Z').getTime();
const LAST = new Date('9999-12-31T23:59:59.999Z').getTime();

/**
 * An instant in years 0001 to 9999: boundaries, DST transitions (US, EU), leap days, the epoch, as `Date`s and
 * as ISO text with offsets; years outside 0001-9999 (also through an offset), invalid dates, local times and
 * impossible calendar dates sometimes.
 */
export function hostileInstant(): fc.Arbitrary<unknown> {
  const valid = fc.oneof(
    fc.constantFrom(
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '0001-01-01T00:00:00.000+00:00',
      '0099-12-31T23:59:59.999Z',
      '0100-03-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '2024-02-29T23:59:59.999+08:00',
      '2026-03-08T01:59:59.999-05:00',
      '2026-03-08T03:00:00.000-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:30:00-05:00',
      '2026-03-29T00:59:59.999Z',
      '2026-10-25T01:00:00.000Z',
      '2026-01-05T09:00:00+08:00',
    ),
    fc.constantFrom(FIRST, LAST, 0, -1).map((t) => new Date(t)),
    fc.integer({ min: FIRST, max: LAST }).map((t) => new Date(t)),
    fc.integer({ min: FIRST, max: LAST }).map((t) => new Date(t).toISOString()),
  );
  const invalid = fc.oneof(
    fc.constantFrom(
      '0000-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
      '-000001-01-01T00:00:00.000Z',
      '0001-01-01T00:00:00.000+00:01',
      '9999-12-31T23:59:59.999-00:01',
      '2026-01-05T09:00:00',
      '2026-02-30T00:00:00Z',
      '2026-01-05',
      '',
      0,
      null,
    ),
    fc.constantFrom(FIRST - 1, LAST + 1, 8.64e15, -8.64e15, Number.NaN).map((t) => new Date(t)),
  );
  return mix(valid, invalid);
}

/** A JSON object with a `__proto__` own key, as `JSON.parse` makes it. */
function protoKeyObject(): Record<string, unknown> {
  return JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
}

/** Nested arrays `depth` levels deep, built without recursion. */
export function nestedArrays(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Nested objects `depth` levels deep, built without recursion. */
export function nestedObjects(depth: number): unknown {
  let v: unknown = { bottom: true };
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

function cyclic(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function cyclicArray(): unknown {
  const a: unknown[] = [1];
  a.push({ back: a });
  return a;
}

/** A JSON value that is hostile: no store can hold it exactly, or it is not JSON at all. */
const invalidJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null).map(() => cyclic()),
  fc.constant(null).map(() => cyclicArray()),
  fc.constant(null).map(() => nestedArrays(100_000)),
  fc.constant(null).map(() => nestedObjects(10_000)),
  fc.constant(null).map(() => protoKeyObject()),
  fc.constantFrom(
    { constructor: 'x' },
    { prototype: { a: 1 } },
    { nested: { constructor: { prototype: 1 } } },
    -0,
    [0, -0],
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1n,
    'nul\u0000',
    { 'key\u0000': 1 },
    { '\uD800': 1 },
    ['\uDFFF'],
  ),
  fc.constant(null).map(() => ({ when: new Date(0) })),
  fc.constant(null).map(() => ({ fn: () => 1 })),
  fc.constant(null).map(() => ({ nothing: undefined })),
  fc.constant(null).map(() => new Map([['a', 1]])),
  fc.constant(null).map(() => {
    const holey: unknown[] = new Array(3);
    holey[0] = 1;
    holey[2] = 3;
    return holey;
  }),
);

/** A JSON value whose strings and keys come from `hostileText`-like units; `-0` and `__proto__` keys may occur. */
const generatedJson = fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' });

/** Deep but allowed JSON, empty containers, numbers at the edges of binary64. */
const edgeJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    {},
    [],
    null,
    '',
    0,
    1.7976931348623157e308,
    5e-324,
    -5e-324,
    0.1 + 0.2,
    2 ** 53 + 2,
    { 来源: '展会 2026', emoji: '👩‍👩‍👧‍👦', empty: {}, list: [], nothing: null },
    { 'e\u0301': 1, é: 2, '': 3, ' ': 4 },
  ),
  // Up to the default attributes depth (8, the attributes object counting 1) and just past it.
  fc.integer({ min: 1, max: 8 }).map((d) => nestedArrays(d)),
  fc.integer({ min: 1, max: 8 }).map((d) => nestedObjects(d)),
);

/** Host-defined attributes: a JSON object with nasty keys and values; hostile values and keys sometimes. */
export function hostileAttributes(): fc.Arbitrary<unknown> {
  const key = fc.oneof(fc.constantFrom(...NASTY_TEXT, ''), fc.string({ unit: 'grapheme', maxLength: 8 }));
  const value = fc.oneof({ arbitrary: generatedJson, weight: 3 }, { arbitrary: edgeJson, weight: 2 });
  const valid = fc.dictionary(key, value, { maxKeys: 5 });
  const invalid = fc.oneof(
    invalidJson.map((v) => ({ field: v })),
    fc.constant(null).map(() => protoKeyObject()),
    fc.constantFrom([], 'text', 1, null),
  );
  return mix(valid, invalid);
}

/** One of `values` most of the time, something else sometimes. */
function hostileEnum(values: readonly string[]): fc.Arbitrary<unknown> {
  return mix(fc.constantFrom(...values), fc.constantFrom('', 'robot', values[0]!.toUpperCase(), 1, null));
}

/** A boolean most of the time; a truthy look-alike sometimes. */
function hostileBoolean(): fc.Arbitrary<unknown> {
  return mix(fc.boolean(), fc.constantFrom('true', 1, 0, null));
}

/** A birthday (`YYYY-MM-DD` or `--MM-DD`); impossible dates sometimes. */
function hostileBirthday(): fc.Arbitrary<unknown> {
  return mix(
    fc.constantFrom('--02-29', '--12-31', '--01-01', '2000-02-29', '0001-01-01', '9999-12-31', '1980-12-31'),
    fc.constantFrom('--02-30', '--13-01', '2001-02-29', '10000-01-01', '0000-01-01', '1980-12-31T00:00:00Z'),
  );
}

/** An array of `item`s; a non-array sometimes. */
function hostileArray(item: fc.Arbitrary<unknown>, maxLength = 3): fc.Arbitrary<unknown> {
  return mix(fc.array(item, { maxLength }), fc.constantFrom(null, 'a', { 0: 'a' }));
}

/** A record with `required` fields and some of `optional`; an unknown field, `null` or a primitive sometimes. */
function hostileRecord(
  required: Record<string, fc.Arbitrary<unknown>>,
  optional: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<unknown> {
  const record = fc.record({ ...required, ...optional }, { requiredKeys: Object.keys(required) });
  return fc.oneof(
    { arbitrary: record, weight: 60 },
    { arbitrary: record.map((r) => ({ ...r, unknownField: 1 })), weight: 1 },
    { arbitrary: record.map((r) => Object.assign(protoKeyObject(), r)), weight: 1 },
    { arbitrary: fc.constantFrom(null, undefined, 42, 'record', [], new Date(0)), weight: 1 },
  );
}

const contactPoint = hostileRecord(
  {
    type: hostileEnum(['phone', 'mobile', 'email', 'wechat', 'qq', 'fax', 'other']),
    value: hostileText({ minLength: 1 }),
  },
  { label: hostileText() },
);

const contact = hostileRecord(
  { id: hostileId(), name: hostileText({ minLength: 1 }) },
  {
    title: hostileText(),
    decisionRole: hostileEnum(['decision-maker', 'influencer', 'purchaser', 'user', 'gatekeeper', 'other']),
    isKeyContact: hostileBoolean(),
    birthday: hostileBirthday(),
    birthdayCalendar: hostileEnum(['solar', 'lunar']),
    channels: hostileArray(contactPoint, 2),
    notes: hostileText(),
  },
);

const address = hostileRecord(
  {},
  {
    country: hostileText(),
    province: hostileText(),
    city: hostileText(),
    district: hostileText(),
    street: hostileText(),
    postalCode: hostileText(),
  },
);

const credit = hostileRecord(
  {},
  {
    rating: hostileText(),
    limit: hostileDecimal(),
    currency: hostileEnum(['CNY', 'USD', 'EUR', 'JPY']),
    paymentHistory: hostileEnum(['good', 'occasionally-late', 'often-late', 'defaulted', 'unknown']),
    reviewedAt: hostileInstant(),
  },
);

const organization = hostileRecord(
  {},
  {
    legalRepresentative: hostileText(),
    generalManager: hostileText(),
    mainBusiness: hostileText(),
    headcount: hostileInteger({ min: 0 }),
    operatingStatus: hostileEnum(['operating', 'suspended', 'closed', 'unknown']),
  },
);

/** Raw customer input (rules AR-1 to AR-3, AR-7): persons with birthdays, organizations with profiles. */
export function hostileCustomer(): fc.Arbitrary<unknown> {
  const common = {
    id: hostileId(),
    name: hostileText({ minLength: 1 }),
    status: hostileEnum(['prospect', 'active', 'dormant', 'lost']),
    createdAt: hostileInstant(),
  };
  const optional = {
    relationship: hostileEnum(['customer', 'partner']),
    owner: hostileId(),
    contacts: hostileArray(contact, 2),
    channels: hostileArray(contactPoint, 2),
    address,
    industry: hostileText(),
    needs: hostileArray(hostileText()),
    preferences: hostileArray(hostileText()),
    credit,
    tags: hostileArray(hostileText({ minLength: 1 })),
    attributes: hostileAttributes(),
  };
  return fc.oneof(
    hostileRecord(
      { ...common, kind: fc.constant('person') },
      { ...optional, birthday: hostileBirthday(), birthdayCalendar: hostileEnum(['solar', 'lunar']) },
    ),
    hostileRecord({ ...common, kind: fc.constant('organization') }, { ...optional, organization }),
  );
}

/** Options of {@link hostileTransaction}. */
export interface HostileTransactionOptions {
  /** The customer ids to draw from (a few, so summaries group several rows); default {@link hostileId}. */
  customerId?: fc.Arbitrary<unknown>;
  /** The currencies to draw from; default CNY, USD and JPY with a bad code sometimes. */
  currency?: fc.Arbitrary<unknown>;
}

/** Raw transaction input (rule AR-6): purchases, refunds and returns with boundary amounts and instants. */
export function hostileTransaction(options: HostileTransactionOptions = {}): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      id: hostileId(),
      customerId: options.customerId ?? hostileId(),
      occurredAt: hostileInstant(),
      amount: hostileDecimal(),
      currency: options.currency ?? mix(fc.constantFrom('CNY', 'USD', 'JPY'), fc.constantFrom('XXX1', 'cny', '')),
    },
    {
      kind: hostileEnum(['purchase', 'refund', 'return']),
      product: hostileText(),
      quantity: hostileInteger(),
      paymentMethod: hostileEnum(['cash', 'card', 'bank-transfer', 'alipay', 'wechat-pay', 'credit', 'other']),
      channel: hostileText(),
      relatesTo: hostileId(),
      attributes: hostileAttributes(),
    },
  );
}

/**
 * Raw complaint intake (rule SL-1). `occurredAt` and `receivedAt` are drawn independently, so a complaint received
 * before its event is refused by validation now and then.
 */
export function hostileComplaint(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      id: hostileId(),
      customerId: hostileId(),
      content: hostileText({ minLength: 1 }),
      occurredAt: mix(fc.constant('0001-01-01T00:00:00.000Z'), hostileInstant()),
      receivedAt: hostileInstant(),
      channel: hostileEnum(['phone', 'email', 'letter', 'in-person', 'online']),
    },
    {
      contactId: hostileId(),
      contactDetails: hostileText(),
      place: hostileText(),
      severity: hostileEnum(['normal', 'urgent', 'major']),
      category: hostileText(),
      attributes: hostileAttributes(),
    },
  );
}

/** Raw complaint event bodies of every type (rule SL-1); the store does not check transitions, core does. */
export function hostileComplaintEvent(): fc.Arbitrary<unknown> {
  const base = { at: hostileInstant(), actor: hostileId() };
  const note = { note: hostileText() };
  const severity = hostileEnum(['normal', 'urgent', 'major']);
  const of = (type: string, required = {}, optional = {}) =>
    hostileRecord({ type: fc.constant(type), ...base, ...required }, { ...note, ...optional });
  return fc.oneof(
    of('acknowledged'),
    of('preliminary-solution', {}, { summary: hostileText() }),
    of('escalated', { level: hostileInteger() }, { to: hostileText() }),
    of('assigned', { assignee: hostileId() }, { department: hostileText() }),
    of('waiting-on-customer'),
    of('resumed'),
    of('resolved', {}, { resolution: hostileText() }),
    of(
      'feedback-recorded',
      { satisfied: hostileBoolean() },
      { score: mix(fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(11, -1, -0, Number.NaN)) },
    ),
    of('reopened'),
    of('closed'),
    of('severity-changed', { from: severity, to: severity }),
    of('no-such-type'),
  );
}

/** Raw contact record input (rules CA-6, CA-9). */
export function hostileContactRecord(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      id: hostileId(),
      customerId: hostileId(),
      at: hostileInstant(),
      channel: hostileEnum(['phone', 'email', 'sms', 'face-to-face', 'instant-message', 'other']),
      purpose: hostileEnum(['explanation', 'promotion', 'post-purchase', 'complaint-callback', 'win-back', 'other']),
      owner: hostileId(),
      outcome: hostileEnum(['completed', 'callback-requested', 'no-answer', 'declined', 'unreachable']),
    },
    {
      contactId: hostileId(),
      direction: hostileEnum(['outbound', 'inbound']),
      summary: hostileText(),
      followUp: hostileRecord({ action: hostileText({ minLength: 1 }) }, { dueAt: hostileInstant() }),
      relatedComplaintId: hostileId(),
      attributes: hostileAttributes(),
    },
  );
}

/** A survey answer: a finite number, text, a boolean or `null`; `-0`, NaN and objects sometimes. */
function hostileAnswer(): fc.Arbitrary<unknown> {
  return mix(
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      fc.integer({ min: 0, max: 10 }),
      fc.constantFrom(null, true, false),
      fc.constantFrom(...NASTY_TEXT),
    ),
    fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, { a: 1 }, [1], ...INVALID_TEXT),
  );
}

/** Raw survey response input (rule SA-1). */
export function hostileSurveyResponse(): fc.Arbitrary<unknown> {
  // Question ids are record keys: refused keys (`__proto__`, ill-formed text) are mixed in by hand.
  const questionId: fc.Arbitrary<string> = fc.oneof(
    { arbitrary: fc.constantFrom('nps', 'csat', '😀', 'q\u0301'), weight: 10 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), weight: 10 },
    { arbitrary: fc.constantFrom('', '__proto__', 'constructor', '\uD800', 'q\u0000'), weight: 1 },
  );
  return hostileRecord(
    {
      id: hostileId(),
      surveyId: hostileId(),
      customerId: hostileId(),
      answeredAt: hostileInstant(),
      answers: mix(fc.dictionary(questionId, hostileAnswer(), { maxKeys: 4 }), fc.constantFrom(null, [], 'a')),
    },
    { channel: hostileEnum(['online', 'offline']), attributes: hostileAttributes() },
  );
}

/** Raw grade assignment input (rule GR-1): evaluations, manual grades and overrides with expiries. */
export function hostileGradeAssignment(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      customerId: hostileId(),
      tier: hostileEnum(['diamond', 'gold', 'silver', 'regular']),
      effectiveFrom: mix(fc.constant('0001-01-01T00:00:00.000Z'), hostileInstant()),
      source: hostileEnum(['evaluation', 'manual', 'override']),
      assignedBy: hostileId(),
      reason: hostileText({ minLength: 1 }),
    },
    { expiresAt: hostileInstant(), explanation: hostileAttributes() },
  );
}

/** Raw audit context input (rule AR-4): nasty actors and reasons, long reasons. */
export function hostileAuditContext(): fc.Arbitrary<unknown> {
  return hostileRecord({ actor: hostileId(), at: hostileInstant(), reason: hostileText({ minLength: 1 }) }, {});
}

/** A churn score: 0..100 with the edges and binary64 fractions; out of range, NaN, `-0` and text sometimes. */
function hostileScore(): fc.Arbitrary<unknown> {
  return mix(
    fc.oneof(
      fc.constantFrom(0, 100, 5e-324, 99.99999999999999, 0.1 + 0.2, 50),
      fc.double({ min: 0, max: 100, noNaN: true }).filter((x) => !Object.is(x, -0)),
    ),
    fc.constantFrom(-0, -1e-9, 100.00000000000001, 1e300, Number.NaN, Number.POSITIVE_INFINITY, '50', null),
  );
}

const CHURN_BANDS = ['low', 'medium', 'high', 'critical'] as const;

/** Raw churn score record input (rules CH-1 to CH-3): scores at the edges, every band, nasty explanations. */
export function hostileChurnScore(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      customerId: hostileId(),
      scoredAt: hostileInstant(),
      score: hostileScore(),
      band: hostileEnum(CHURN_BANDS),
      previousBand: mix(fc.constantFrom(null, ...CHURN_BANDS), fc.constantFrom('', 'severe', undefined)),
      alert: hostileBoolean(),
      explanation: hostileAttributes(),
    },
    { policyVersion: hostileText({ minLength: 1 }) },
  );
}

/** Raw customer exit input (rules CH-4, CH-5): taxonomy-shaped reasons, settlements, personal text. */
export function hostileCustomerExit(): fc.Arbitrary<unknown> {
  const reason = mix(
    fc.oneof(
      fc.constantFrom(
        'other',
        'service.quality',
        'service.slow-response',
        'price.competitor-cheaper',
        'internal.staff',
      ),
      fc.stringMatching(/^[a-z]{1,8}(\.[a-z-]{1,12})?$/),
    ),
    fc.constantFrom('', 'Service.quality', 'service.', 'a.b.c', 'price too high', '服务.质量', 'x'.repeat(101), 1),
  );
  return hostileRecord(
    {
      id: hostileId(),
      customerId: hostileId(),
      leftAt: hostileInstant(),
      reason,
      settlement: hostileEnum(['settled', 'pending', 'written-off', 'disputed']),
      recordedBy: hostileId(),
      recordedAt: hostileInstant(),
    },
    {
      detail: hostileText({ minLength: 1 }),
      lessons: hostileText({ minLength: 1 }),
      ownerId: hostileId(),
      attributes: hostileAttributes(),
    },
  );
}

/** A local date `YYYY-MM-DD` at the edges of the supported years; impossible dates and other shapes sometimes. */
function hostileLocalDate(): fc.Arbitrary<unknown> {
  const valid = fc.oneof(
    fc.constantFrom('0001-01-01', '9999-12-31', '2024-02-29', '2026-10-01', '2026-12-31'),
    fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  );
  return mix(valid, fc.constantFrom('2026-02-30', '0000-01-01', '2026-1-1', '2026-01-01T00:00:00Z', '--01-01', 1));
}

/** A leave period: `from <= to` most of the time, reversed or with a hostile cover sometimes. */
const leavePeriod: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc
      .tuple(hostileLocalDate(), hostileLocalDate(), fc.option(hostileId(), { nil: undefined }))
      .map(([a, b, coverId]) => {
        const [from, to] = typeof a === 'string' && typeof b === 'string' && b < a ? [b, a] : [a, b];
        return coverId === undefined ? { from, to } : { from, to, coverId };
      }),
    weight: 20,
  },
  {
    arbitrary: hostileRecord({ from: hostileLocalDate(), to: hostileLocalDate() }, { coverId: hostileId() }),
    weight: 1,
  },
);

/** Raw owner input: daily capacities at the edges of 1..10000, leave periods, attributes. */
export function hostileOwner(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      id: hostileId(),
      dailyCapacity: mix(
        fc.oneof(fc.constantFrom(1, 10_000), fc.integer({ min: 1, max: 10_000 })),
        fc.constantFrom(0, -1, -0, 10_001, 1.5, Number.NaN, '3', null),
      ),
    },
    { leave: hostileArray(leavePeriod, 4), attributes: hostileAttributes() },
  );
}

/** Raw revisit action input: snoozes with their date and skips without, task keys, reasons blank or long. */
export function hostileRevisitAction(): fc.Arbitrary<unknown> {
  const common = {
    id: hostileId(),
    customerId: hostileId(),
    taskId: hostileId(),
    keys: mix(
      fc.array(hostileText({ minLength: 1 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom([], Array(101).fill('k'), ['x'.repeat(601)], 'k'),
    ),
    reason: hostileText({ minLength: 1 }),
    actor: hostileId(),
    at: hostileInstant(),
  };
  const optional = { attributes: hostileAttributes() };
  return fc.oneof(
    hostileRecord({ ...common, kind: fc.constant('snooze'), until: hostileLocalDate() }, optional),
    hostileRecord({ ...common, kind: hostileEnum(['skip', 'snooze']) }, { ...optional, until: hostileLocalDate() }),
  );
}

/** A budget period `YYYY-MM` or `YYYY-Qn`; months and quarters that do not exist sometimes. */
function hostileBudgetPeriod(): fc.Arbitrary<unknown> {
  return mix(
    fc.oneof(
      fc.constantFrom('0001-01', '9999-12', '2026-Q1', '2026-Q4'),
      fc
        .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
    ),
    fc.constantFrom('2026-13', '2026-00', '2026-Q5', '2026-Q0', '2026-1', '26-01', '2026-01-01', 202601),
  );
}

/** A rule id such as `GR-3`; lower case and other shapes sometimes. */
function hostileRuleId(): fc.Arbitrary<unknown> {
  return mix(fc.constantFrom('GR-3', 'CA-1', 'CA-7', 'MP-1', 'MP-99'), fc.constantFrom('gr-3', 'GR-0', 'GR3', ''));
}

/** A plan period: `from <= to` most of the time, reversed or impossible dates sometimes. */
const planPeriod: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.tuple(hostileLocalDate(), hostileLocalDate()).map(([a, b]) => {
      const [from, to] = typeof a === 'string' && typeof b === 'string' && b < a ? [b, a] : [a, b];
      return { from, to };
    }),
    weight: 20,
  },
  { arbitrary: hostileRecord({ from: hostileLocalDate(), to: hostileLocalDate() }, {}), weight: 1 },
);

/** A measure target: a finite number other than `-0`; NaN, infinities, `-0` and text sometimes. */
const measureTarget = mix(
  fc.oneof(fc.constantFrom(0, 1, 0.95, 1e15), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, '5', null),
);

const planMeasure = hostileRecord(
  {
    id: hostileId(),
    kind: hostileEnum(['visit', 'event', 'gift', 'service-review', 'other']),
    description: hostileText({ minLength: 1 }),
    metric: hostileEnum(['contacts-done', 'contact-completion-rate', 'satisfaction-change', 'revenue', 'custom']),
    target: measureTarget,
  },
  { direction: hostileEnum(['at-least', 'at-most']), rules: hostileArray(hostileRuleId()) },
);

/** A budget line: an amount alone, or `quantity × unitPrice` exactly (a mismatch sometimes). */
const budgetLine = fc.oneof(
  {
    arbitrary: hostileRecord(
      {
        id: hostileId(),
        category: hostileEnum(['development', 'maintenance', 'events']),
        period: hostileBudgetPeriod(),
        amount: hostileDecimal(),
      },
      { series: hostileId(), description: hostileText({ minLength: 1 }) },
    ),
    weight: 3,
  },
  {
    arbitrary: fc
      .tuple(
        hostileId(),
        fc.integer({ min: 0, max: 10_000 }),
        fc
          .tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 4 }))
          .map(([units, scale]) => new Decimal(units).dividedBy(10 ** scale).toFixed(scale)),
        fc.constantFrom(true, true, true, false),
      )
      .map(([id, quantity, unitPrice, exact]) => ({
        id,
        category: 'events',
        period: '2026-Q3',
        amount: exact ? new Decimal(unitPrice).times(quantity).toString() : '1.5',
        quantity: String(quantity),
        unitPrice,
      })),
    weight: 1,
  },
);

/** The content of a plan (everything but its id), as a `revised` event carries it. */
function planContentFields() {
  return {
    required: {
      name: hostileText({ minLength: 1 }),
      ownerId: hostileId(),
      group: hostileRecord(
        {},
        {
          tiers: hostileArray(hostileEnum(['diamond', 'gold', 'silver', 'regular'])),
          segments: hostileArray(hostileText({ minLength: 1 })),
          customerIds: mix(fc.array(hostileId(), { minLength: 1, maxLength: 3 }), fc.constantFrom([], null)),
        },
      ),
      period: planPeriod,
      currency: mix(fc.constantFrom('CNY', 'USD', 'JPY'), fc.constantFrom('XXX1', 'cny', '')),
    },
    optional: {
      measures: hostileArray(planMeasure),
      budgetLines: hostileArray(budgetLine),
      rules: hostileArray(hostileRuleId()),
      previousPlanId: hostileId(),
      attributes: hostileAttributes(),
    },
  };
}

/** Raw maintenance plan input (rule MP-1): groups, periods, measures with targets, exact budget lines. */
export function hostilePlan(): fc.Arbitrary<unknown> {
  const { required, optional } = planContentFields();
  return hostileRecord({ id: hostileId(), ...required }, optional);
}

/** An approval flow: steps with bilingual names and signers (duplicates and empty steps sometimes). */
const approvalFlow = hostileRecord(
  {
    id: hostileId(),
    steps: mix(
      fc.array(
        hostileRecord(
          {
            id: hostileId(),
            name: hostileRecord({ en: hostileText({ minLength: 1 }), zh: hostileText({ minLength: 1 }) }, {}),
            mode: hostileEnum(['sequential', 'all', 'any']),
            signers: mix(fc.uniqueArray(hostileId(), { minLength: 1, maxLength: 3 }), fc.constantFrom([], ['a', 'a'])),
          },
          {},
        ),
        { minLength: 1, maxLength: 3 },
      ),
      fc.constantFrom([], null),
    ),
  },
  {},
);

/** Raw plan event bodies (rules MP-1, MP-2): every event type with its fields. */
export function hostilePlanEvent(): fc.Arbitrary<unknown> {
  const base = { at: hostileInstant(), actor: hostileId() };
  const note = { note: hostileText({ minLength: 1 }) };
  const { required, optional } = planContentFields();
  return fc.oneof(
    hostileRecord({ type: hostileEnum(['drafted', 'withdrawn', 'activated', 'archived']), ...base }, note),
    hostileRecord(
      { type: fc.constant('revised'), ...base, content: hostileRecord(required, optional) },
      { ...note, flow: approvalFlow },
    ),
    hostileRecord({ type: fc.constant('submitted'), ...base, flow: approvalFlow }, note),
    hostileRecord({ type: fc.constant('signed'), ...base, signerId: hostileId() }, note),
    hostileRecord(
      { type: fc.constant('returned'), ...base, signerId: hostileId(), reason: hostileText({ minLength: 1 }) },
      note,
    ),
    hostileRecord(
      { type: fc.constant('signer-added'), ...base, signerId: hostileId() },
      { ...note, position: hostileEnum(['before', 'after']) },
    ),
    hostileRecord(
      { type: fc.constant('delegated'), ...base, fromId: hostileId(), toId: hostileId() },
      { ...note, until: hostileInstant() },
    ),
    hostileRecord({ type: fc.constant('evaluated'), ...base, evaluation: hostileAttributes() }, note),
    hostileRecord(
      {
        type: fc.constant('variance-explained'),
        ...base,
        category: hostileEnum(['development', 'maintenance', 'events']),
        period: hostileBudgetPeriod(),
        cause: hostileId(),
      },
      { ...note, lineId: hostileId() },
    ),
  );
}

/** A signed exact amount: {@link hostileDecimal}'s values, negated sometimes (credits and refunds). */
function hostileSignedDecimal(): fc.Arbitrary<unknown> {
  return fc
    .tuple(hostileDecimal(), fc.boolean())
    .map(([d, negate]) => (negate && typeof d === 'string' && /^[0-9]/.test(d) && !/^0(\.0*)?$/.test(d) ? `-${d}` : d));
}

/** Raw actual spend entries (rule MP-2): signed exact amounts, local dates, optional line and units. */
export function hostileBudgetActual(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      id: hostileId(),
      planId: hostileId(),
      category: hostileEnum(['development', 'maintenance', 'events']),
      spentOn: hostileLocalDate(),
      amount: hostileSignedDecimal(),
      currency: mix(fc.constantFrom('CNY', 'USD', 'JPY'), fc.constantFrom('XXX1', 'cny', '')),
    },
    {
      lineId: hostileId(),
      quantity: hostileDecimal(),
      description: hostileText({ minLength: 1 }),
      attributes: hostileAttributes(),
    },
  );
}

/** A stage id or reason code: lower-case letters, digits and hyphens; other shapes sometimes. */
function hostileStage(): fc.Arbitrary<unknown> {
  return mix(
    fc.oneof(
      fc.constantFrom('qualified', 'proposal', 'a', 'x'.repeat(64), 'price-1'),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
    ),
    fc.constantFrom('', 'Qualified', '-a', 'x'.repeat(65), 'a b', 7),
  );
}

/** Raw sales opportunity input (rule MP-3): exact expected revenue, dates, the first stage. */
export function hostileOpportunity(): fc.Arbitrary<unknown> {
  return hostileRecord(
    {
      id: hostileId(),
      customerId: hostileId(),
      salespersonId: hostileId(),
      expectedRevenue: hostileDecimal(),
      currency: mix(fc.constantFrom('CNY', 'USD', 'JPY'), fc.constantFrom('XXX1', 'cny', '')),
      expectedCloseDate: hostileLocalDate(),
      createdAt: hostileInstant(),
      stage: hostileStage(),
    },
    { name: hostileText({ minLength: 1 }), source: hostileText({ minLength: 1 }), attributes: hostileAttributes() },
  );
}

/** Raw opportunity event bodies (rule MP-3): every event type with its fields. */
export function hostileOpportunityEvent(): fc.Arbitrary<unknown> {
  const base = { at: hostileInstant(), actor: hostileId() };
  const note = { note: hostileText({ minLength: 1 }) };
  return fc.oneof(
    hostileRecord(
      { type: hostileEnum(['created', 'stage-changed', 'reopened']), ...base, stage: hostileStage() },
      note,
    ),
    hostileRecord(
      {
        type: fc.constant('probability-set'),
        ...base,
        probability: mix(
          fc.oneof(fc.constantFrom(0, 100, null), fc.integer({ min: 0, max: 100 })),
          fc.constantFrom(-1, 101, 50.5, -0, '50', Number.NaN),
        ),
      },
      note,
    ),
    hostileRecord({ type: fc.constant('revenue-changed'), ...base, expectedRevenue: hostileDecimal() }, note),
    hostileRecord({ type: fc.constant('close-date-changed'), ...base, expectedCloseDate: hostileLocalDate() }, note),
    hostileRecord({ type: fc.constant('reassigned'), ...base, salespersonId: hostileId() }, note),
    hostileRecord({ type: hostileEnum(['won', 'lost']), ...base, reason: hostileStage() }, note),
  );
}
