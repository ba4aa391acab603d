import { describe, expect, it } from 'vitest';
import { identifyKeyAccounts } from './key-accounts.js';

describe('identifyKeyAccounts (rule GR-5)', () => {
  it('lists the matched criteria and requires the configured ones', () => {
    const [a, b, c] = identifyKeyAccounts([
      { customerId: 'a', largestOrder: '800000', contractYears: 2, influence: 5 },
      { customerId: 'b', largestOrder: '800000', strategic: true },
      { customerId: 'c', contractYears: 3 },
    ]);
    expect(a).toEqual({ customerId: 'a', isKeyAccount: true, matched: ['order', 'contract'], missingRequired: [] });
    expect(b).toMatchObject({ isKeyAccount: false, missingRequired: ['contract'] });
    expect(c).toMatchObject({ isKeyAccount: false, matched: ['contract'] });
    expect(
      identifyKeyAccounts([{ customerId: 'b', largestOrder: '800000', strategic: true }], {
        required: [],
        minMatched: 2,
      })[0]!.isKeyAccount,
    ).toBe(true);
  });
});
