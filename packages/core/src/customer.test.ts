import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { customerToJson, parseCustomer, type CustomerInput } from './customer.js';

const company: CustomerInput = {
  id: 'c-001',
  kind: 'organization',
  name: '上海华信贸易有限公司',
  status: 'active',
  createdAt: '2024-03-01T08:00:00+08:00',
  owner: 'am-7',
  organization: {
    legalRepresentative: '王建国',
    generalManager: '李娜',
    mainBusiness: '电子元件',
    headcount: 120,
    operatingStatus: 'operating',
  },
  contacts: [
    {
      id: 'k1',
      name: '李娜',
      title: '总经理',
      decisionRole: 'decision-maker',
      isKeyContact: true,
      birthday: '--05-12',
    },
    { id: 'k2', name: 'Emily Chen', title: 'Purchasing', channels: [{ type: 'email', value: 'emily@example.com' }] },
  ],
  address: { country: 'CN', province: '上海', city: '上海', district: '浦东新区' },
  industry: 'wholesale',
  credit: { rating: 'A', limit: '500000.00', currency: 'CNY', paymentHistory: 'good' },
  tags: ['key-account'],
  attributes: { erpId: 4411, region: { code: 'EC' } },
};

function pathOf(fn: () => unknown): ReadonlyArray<string | number> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return (e as KehuValidationError).path;
  }
  throw new Error('expected a validation error');
}

describe('customer (rules AR-1, AR-2, AR-3, AR-7)', () => {
  it('parses an organization with key contacts and fills defaults', () => {
    const c = parseCustomer(company);
    expect(c.createdAt).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(c.relationship).toBe('customer');
    expect(c.contacts[0]?.isKeyContact).toBe(true); // AR-2
    expect(c.contacts[1]?.isKeyContact).toBe(false);
    expect(c.credit?.limit?.toString()).toBe('500000');
    expect(c.needs).toEqual([]);
  });
  it('accepts year-less birthdays, including --02-29, for people (AR-3)', () => {
    expect(parseCustomer({ ...company, kind: 'person', organization: undefined, birthday: '--02-29' }).birthday).toBe(
      '--02-29',
    );
    expect(
      pathOf(() => parseCustomer({ ...company, kind: 'person', organization: undefined, birthday: '--02-30' })),
    ).toEqual(['birthday']);
    expect(
      pathOf(() => parseCustomer({ ...company, kind: 'person', organization: undefined, birthday: '1990-13-01' })),
    ).toEqual(['birthday']);
  });
  it('keeps a lunar birthday calendar and refuses one without a birthday (AR-3)', () => {
    const person = { ...company, kind: 'person', organization: undefined } as const;
    const lunar = parseCustomer({ ...person, birthday: '--08-15', birthdayCalendar: 'lunar' });
    expect(customerToJson(lunar).birthdayCalendar).toBe('lunar');
    expect(parseCustomer(person).birthdayCalendar).toBeUndefined();
    expect(pathOf(() => parseCustomer({ ...person, birthdayCalendar: 'lunar' }))).toEqual(['birthdayCalendar']);
    expect(pathOf(() => parseCustomer({ ...person, birthday: '--08-15', birthdayCalendar: 'moon' }))).toEqual([
      'birthdayCalendar',
    ]);
    const contacts = [{ id: 'k1', name: '李娜', birthday: '--01-02', birthdayCalendar: 'lunar' as const }];
    expect(parseCustomer({ ...company, contacts }).contacts[0]?.birthdayCalendar).toBe('lunar');
    // A lunar month has 29 or 30 days in every month of the year: lunar 02-30 exists, solar 02-30 does not.
    expect(parseCustomer({ ...person, birthday: '--02-30', birthdayCalendar: 'lunar' }).birthday).toBe('--02-30');
    expect(parseCustomer({ ...person, birthday: '1980-02-30', birthdayCalendar: 'lunar' }).birthday).toBe('1980-02-30');
    expect(pathOf(() => parseCustomer({ ...person, birthday: '--03-31', birthdayCalendar: 'lunar' }))).toEqual([
      'birthday',
    ]);
    expect(pathOf(() => parseCustomer({ ...person, birthday: '0000-03-01', birthdayCalendar: 'lunar' }))).toEqual([
      'birthday',
    ]);
    const lunarContact = [{ id: 'k1', name: '李娜', birthday: '--03-31', birthdayCalendar: 'lunar' as const }];
    expect(pathOf(() => parseCustomer({ ...company, contacts: lunarContact }))).toEqual(['contacts', 0, 'birthday']);
    const noBirthday = [{ id: 'k1', name: '李娜', birthdayCalendar: 'solar' as const }];
    expect(pathOf(() => parseCustomer({ ...company, contacts: noBirthday }))).toEqual([
      'contacts',
      0,
      'birthdayCalendar',
    ]);
  });

  it('names the bad field', () => {
    expect(pathOf(() => parseCustomer({ ...company, name: '' }))).toEqual(['name']);
    expect(pathOf(() => parseCustomer({ ...company, status: 'sleeping' }))).toEqual(['status']);
    expect(pathOf(() => parseCustomer({ ...company, createdAt: '2024-03-01 08:00' }))).toEqual(['createdAt']);
    expect(pathOf(() => parseCustomer({ ...company, createdAt: '2024-03-01T08:00:00' }))).toEqual(['createdAt']);
    expect(pathOf(() => parseCustomer({ ...company, contacts: [{ id: 'k1', name: '' }] }))).toEqual([
      'contacts',
      0,
      'name',
    ]);
    expect(pathOf(() => parseCustomer({ ...company, credit: { limit: 0.1 } }))).toEqual(['credit', 'limit']);
    expect(pathOf(() => parseCustomer({ ...company, birthday: '1980-01-01' }))).toEqual(['birthday']);
    expect(
      pathOf(() =>
        parseCustomer({
          ...company,
          contacts: [
            { id: 'a', name: 'x' },
            { id: 'a', name: 'y' },
          ],
        }),
      ),
    ).toEqual(['contacts', 1, 'id']);
    expect(pathOf(() => parseCustomer(null))).toEqual([]);
  });
  it('does not mutate its input', () => {
    const input = structuredClone(company);
    parseCustomer(input);
    expect(input).toEqual(company);
  });
  it('round-trips through JSON exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }),
        (name, createdAt, units) => {
          const c = parseCustomer({ ...company, name, createdAt, credit: { limit: `${units}.0001` } });
          const json = JSON.parse(JSON.stringify(customerToJson(c)));
          expect(parseCustomer(json)).toEqual(c);
          expect(json.credit.limit).toBe(`${units}.0001`);
        },
      ),
    );
  });
});
