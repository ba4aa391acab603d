import type { Label, Tier } from '@kehu/core';

/** What a tier entitles a customer to (rule GR-3), as data the cadence and SLA packages consume. */
export interface TierEntitlement {
  /** A dedicated service representative. */
  dedicatedRepresentative: boolean;
  /** Priority on company resources, 1 (highest) to 4. */
  resourcePriority: number;
  /** Invitations to major company events. */
  eventInvitations: boolean;
  /** Multiplier of SLA targets (0.5 halves the time allowed). */
  slaTargetFactor: number;
  /** Days between planned revisits (rule CA-1: important customers at least monthly, general customers quarterly). */
  revisitEveryDays: number;
  /** The service promise of rule GR-3. */
  service: Label;
}

/** Default entitlements per tier (rules GR-3, CA-1); hosts override them as data. */
export const TIER_ENTITLEMENTS: Readonly<Record<Tier, TierEntitlement>> = {
  diamond: {
    dedicatedRepresentative: true,
    resourcePriority: 1,
    eventInvitations: true,
    slaTargetFactor: 0.5,
    revisitEveryDays: 30,
    service: {
      en:
        'Highest personalised service, a dedicated representative, priority on resources, ' +
        'invitations to major events',
      zh: '最高个性化服务、专属服务代表、资源优先、重大活动邀请',
    },
  },
  gold: {
    dedicatedRepresentative: false,
    resourcePriority: 2,
    eventInvitations: true,
    slaTargetFactor: 0.75,
    revisitEveryDays: 30,
    service: {
      en: 'Quality service and resource support, long-term strategic cooperation',
      zh: '优质服务与资源支持、长期战略合作',
    },
  },
  silver: {
    dedicatedRepresentative: false,
    resourcePriority: 3,
    eventInvitations: false,
    slaTargetFactor: 1,
    revisitEveryDays: 90,
    service: {
      en: 'Good professional service; watch for changing needs and chances to upgrade',
      zh: '良好专业服务，关注需求变化，寻找升级机会',
    },
  },
  regular: {
    dedicatedRepresentative: false,
    resourcePriority: 4,
    eventInvitations: false,
    slaTargetFactor: 1,
    revisitEveryDays: 90,
    service: { en: 'Basic service', zh: '基础服务' },
  },
};
