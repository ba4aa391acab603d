import type { Customer } from '@kehu/core';
import type { SubjectCipher } from './cipher.js';

/** What a customer can be found by without decrypting anything: exact phone number, e-mail or name. */
export interface CustomerLookup {
  /** A phone or mobile number of the customer or one of its contacts (digits compared; `+86` optional). */
  phone?: string;
  /** An e-mail address of the customer or one of its contacts (case-insensitive). */
  email?: string;
  /** The customer's or a contact's exact name (Unicode-normalised, case- and space-insensitive). */
  name?: string;
}

/** The normalised form of a value of one lookup kind, or `undefined` when it has none. */
export function normalizeLookup(kind: keyof CustomerLookup, value: string): string | undefined {
  if (kind === 'phone') {
    let digits = value.replace(/\D/g, '');
    if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
    return digits.length === 0 ? undefined : digits;
  }
  const text = value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return text.length === 0 ? undefined : text;
}

const PHONE_TYPES = new Set(['phone', 'mobile', 'fax']);

/** Every (kind, value) pair a customer can be found by. */
function lookupValues(customer: Customer): Array<[keyof CustomerLookup, string]> {
  const out: Array<[keyof CustomerLookup, string]> = [['name', customer.name]];
  const channels = [...customer.channels];
  for (const contact of customer.contacts) {
    out.push(['name', contact.name]);
    channels.push(...contact.channels);
  }
  for (const channel of channels) {
    if (PHONE_TYPES.has(channel.type)) out.push(['phone', channel.value]);
    else if (channel.type === 'email') out.push(['email', channel.value]);
  }
  return out;
}

/** The blind-index token of one lookup, or `undefined` when the value normalises to nothing. */
export async function lookupToken(
  cipher: SubjectCipher,
  kind: keyof CustomerLookup,
  value: string,
): Promise<string | undefined> {
  const normal = normalizeLookup(kind, value);
  return normal === undefined ? undefined : cipher.token(kind, normal);
}

/** The sorted, distinct blind-index tokens of a customer. */
export async function lookupTokens(cipher: SubjectCipher, customer: Customer): Promise<string[]> {
  const tokens = await Promise.all(lookupValues(customer).map(([kind, value]) => lookupToken(cipher, kind, value)));
  return [...new Set(tokens.filter((t): t is string => t !== undefined))].sort();
}
