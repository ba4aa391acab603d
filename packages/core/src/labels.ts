import type { Tier } from './grade.js';
import type { CustomerStatus } from './customer.js';
import type { ComplaintSeverity } from './complaint.js';

/** A label shown to end users, in English and Simplified Chinese. */
export interface Label {
  /** English. */
  readonly en: string;
  /** Simplified Chinese. */
  readonly zh: string;
}

/** The display languages Kehu ships labels for. */
export type LabelLocale = keyof Label;

/** Tier labels (rule GR-1). */
export const TIER_LABELS: Readonly<Record<Tier, Label>> = {
  diamond: { en: 'Diamond', zh: '钻石客户' },
  gold: { en: 'Gold', zh: '黄金客户' },
  silver: { en: 'Silver', zh: '白银客户' },
  regular: { en: 'Regular', zh: '普通客户' },
};

/** Customer status labels (rule AR-7). */
export const STATUS_LABELS: Readonly<Record<CustomerStatus, Label>> = {
  prospect: { en: 'Prospect', zh: '潜在客户' },
  active: { en: 'Active', zh: '现有客户' },
  dormant: { en: 'Dormant', zh: '沉睡客户' },
  lost: { en: 'Lost', zh: '流失客户' },
};

/** Complaint severity labels (rules SL-3, SL-4). */
export const SEVERITY_LABELS: Readonly<Record<ComplaintSeverity, Label>> = {
  normal: { en: 'Normal', zh: '一般' },
  urgent: { en: 'Urgent', zh: '紧急' },
  major: { en: 'Major', zh: '重大' },
};

/** Picks the text of `label` in `locale`. */
export function labelText(label: Label, locale: LabelLocale = 'en'): string {
  return label[locale];
}
