import { KehuPolicyError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_POLICY, parseCadencePolicy } from './policy.js';

function pathOf(input: unknown): readonly (string | number)[] {
  try {
    parseCadencePolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(KehuPolicyError);
    return (error as KehuPolicyError).path;
  }
  throw new Error('expected a refusal');
}

describe('the revisit policy', () => {
  it('CA-1: defaults from the rules: important monthly, general quarterly, new customers every two weeks', () => {
    const p = DEFAULT_CADENCE_POLICY;
    expect(p.importance).toEqual({ diamond: 'important', gold: 'important', silver: 'general', regular: 'general' });
    expect(p.cadence.important.everyDays).toBe(30);
    expect(p.cadence.general.everyDays).toBe(90);
    expect(p.newCustomer.everyDays).toBe(14);
  });

  it('CA-2: defaults from the rules: 1 week, 4-6 months, 10-12 months after a purchase, yearly after', () => {
    const w = DEFAULT_CADENCE_POLICY.postPurchase.windows.map((x) => [x.fromDays, x.toDays]);
    expect(w).toEqual([
      [7, 10],
      [122, 183],
      [304, 365],
    ]);
    expect(DEFAULT_CADENCE_POLICY.postPurchase.yearlyEveryDays).toBe(365);
  });

  it('is plain JSON: the parsed policy survives a JSON round trip unchanged', () => {
    const json = JSON.parse(JSON.stringify(DEFAULT_CADENCE_POLICY));
    expect(parseCadencePolicy(json)).toEqual(DEFAULT_CADENCE_POLICY);
  });

  it('CA-2: a window whose earliest day is after its latest is refused naming the field', () => {
    const windows = [{ name: 'odd', fromDays: 30, toDays: 10, purpose: 'explanation' }];
    expect(pathOf({ postPurchase: { ...DEFAULT_CADENCE_POLICY.postPurchase, windows } })).toEqual([
      'postPurchase',
      'windows',
      0,
      'toDays',
    ]);
  });

  it('CA-1: an unknown tier, an unknown importance and an early window as long as the cadence are refused', () => {
    expect(pathOf({ importance: { ...DEFAULT_CADENCE_POLICY.importance, platinum: 'important' } })).toEqual([
      'importance',
      'platinum',
    ]);
    expect(pathOf({ importance: { regular: 'vip' } })).toEqual(['importance', 'regular']);
    expect(
      pathOf({ cadence: { important: { everyDays: 30, earlyDays: 30 }, general: { everyDays: 90, earlyDays: 0 } } }),
    ).toEqual(['cadence', 'important', 'earlyDays']);
    expect(
      pathOf({ cadence: { important: { everyDays: 0, earlyDays: 0 }, general: { everyDays: 90, earlyDays: 0 } } }),
    ).toEqual(['cadence', 'important', 'everyDays']);
  });

  it('CA-7: the conference day must be a day of the year', () => {
    const reminders = (date: string) => ({
      reminders: { ...DEFAULT_CADENCE_POLICY.reminders, conference: { date, inviteDaysBefore: 30, windowDays: 14 } },
    });
    expect(parseCadencePolicy(reminders('--12-01')).reminders.conference?.date).toBe('--12-01');
    expect(parseCadencePolicy(reminders('--02-29')).reminders.conference?.date).toBe('--02-29');
    expect(pathOf(reminders('--02-30'))).toEqual(['reminders', 'conference', 'date']);
    expect(pathOf(reminders('12-01'))).toEqual(['reminders', 'conference', 'date']);
  });

  it('refuses unknown fields, negative days and priorities above 100', () => {
    expect(pathOf({ cadance: {} })).toEqual(['cadance']);
    expect(pathOf({ overdueGraceDays: -1 })).toEqual(['overdueGraceDays']);
    expect(
      pathOf({
        styles: {
          ...DEFAULT_CADENCE_POLICY.styles,
          cadence: { purpose: 'emotional', channel: 'phone', priority: 101 },
        },
      }),
    ).toEqual(['styles', 'cadence', 'priority']);
  });
});

describe('partial policies', () => {
  it('CA-7: a nested field given alone keeps the defaults of its siblings', () => {
    const p = parseCadencePolicy({ reminders: { birthday: { enabled: false } } });
    expect(p.reminders.birthday).toEqual({ enabled: false, before: 3 });
    expect(p.reminders.holiday).toEqual(DEFAULT_CADENCE_POLICY.reminders.holiday);
    expect(p.reminders.conference).toBeNull();
  });

  it('CA-1, CA-5: one tier, one cadence number or one style field changes only itself', () => {
    const p = parseCadencePolicy({
      importance: { silver: 'important' },
      cadence: { general: { everyDays: 60 } },
      styles: { birthday: { channel: 'phone' } },
    });
    expect(p.importance).toEqual({ diamond: 'important', gold: 'important', silver: 'important', regular: 'general' });
    expect(p.cadence.general).toEqual({ everyDays: 60, earlyDays: 14 });
    expect(p.cadence.important).toEqual({ everyDays: 30, earlyDays: 7 });
    expect(p.styles.birthday).toEqual({ purpose: 'emotional', channel: 'phone', priority: 30 });
    expect(pathOf({ cadence: { general: { everyDays: 10 } } })).toEqual(['cadence', 'general', 'earlyDays']);
  });
});
