import type { Label } from '@kehu/core';
import type { DemandKind, RevisitChannel, RevisitPurpose, SkipReason } from './types.js';

/** The revisit purposes of rule CA-5, in English and Simplified Chinese. */
export const REVISIT_PURPOSE_LABELS: Readonly<Record<RevisitPurpose, Label>> = {
  explanation: { en: 'explanation', zh: '解释说明' },
  promotion: { en: 'promotion', zh: '推广介绍' },
  emotional: { en: 'relationship', zh: '情感维系' },
  mediation: { en: 'mediation', zh: '化解不满' },
  suggestion: { en: 'suggestion', zh: '提供建议' },
  guidance: { en: 'guidance', zh: '经营指导' },
};

/** The revisit channels of rule CA-8, in English and Simplified Chinese. */
export const REVISIT_CHANNEL_LABELS: Readonly<Record<RevisitChannel, Label>> = {
  phone: { en: 'phone', zh: '电话' },
  email: { en: 'e-mail', zh: '电子邮件' },
  sms: { en: 'SMS', zh: '短信' },
  'face-to-face': { en: 'face to face', zh: '面访' },
  'instant-message': { en: 'instant message', zh: '即时通讯' },
};

/** What produced a task, with its rule, in English and Simplified Chinese. */
export const DEMAND_KIND_LABELS: Readonly<Record<DemandKind, Label>> = {
  cadence: { en: 'cadence by importance (CA-1)', zh: '按重要程度定期回访（CA-1）' },
  'new-customer': { en: 'new-customer cadence (CA-1)', zh: '新客户回访（CA-1）' },
  'post-purchase': { en: 'after a purchase (CA-2)', zh: '购后回访（CA-2）' },
  callback: { en: 'event callback (CA-3)', zh: '事件回访（CA-3）' },
  'satisfaction-follow-up': { en: 'low satisfaction follow-up (SA-5)', zh: '满意度跟进（SA-5）' },
  'contact-follow-up': { en: 'promised follow-up (CA-9)', zh: '承诺的跟进（CA-9）' },
  birthday: { en: 'birthday (CA-7)', zh: '生日问候（CA-7）' },
  holiday: { en: 'holiday greeting (CA-7)', zh: '节日问候（CA-7）' },
  conference: { en: 'annual conference (CA-7)', zh: '年会邀请（CA-7）' },
  'win-back': { en: 'win-back (CH-7)', zh: '客户挽回（CH-7）' },
  round: { en: 'round (CA-8)', zh: '轮访（CA-8）' },
  visit: { en: 'visit (CA-8)', zh: '拜访（CA-8）' },
};

/** Why a customer or a rule got no task, in English and Simplified Chinese. */
export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, Label>> = {
  'no-owner': { en: 'no account manager', zh: '无客户经理' },
  'unknown-owner': { en: 'account manager not in the plan', zh: '客户经理不在计划内' },
  ungraded: { en: 'not graded', zh: '未分级' },
  'no-birthday': { en: 'no birthday recorded', zh: '未登记生日' },
  'lunar-date-not-found': { en: 'lunar date outside the tables', zh: '农历日期超出范围' },
  'window-passed': { en: 'window passed', zh: '时间窗已过' },
  'satisfied-by-contact': { en: 'already contacted', zh: '已联系' },
  'skipped-by-user': { en: 'skipped by a person', zh: '已人工跳过' },
  'lost-customer': { en: 'lost customer (win-back instead)', zh: '已流失客户（改为挽回）' },
};
