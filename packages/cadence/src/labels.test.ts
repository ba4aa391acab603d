import { describe, expect, it } from 'vitest';
import { DEMAND_KIND_LABELS, REVISIT_CHANNEL_LABELS, REVISIT_PURPOSE_LABELS, SKIP_REASON_LABELS } from './labels.js';
import { DEMAND_KINDS, REVISIT_CHANNELS, REVISIT_PURPOSES } from './types.js';

describe('labels for people (English and Simplified Chinese)', () => {
  it('CA-5, CA-8: every purpose, channel and kind has both labels', () => {
    for (const p of REVISIT_PURPOSES) expect(REVISIT_PURPOSE_LABELS[p].zh.length).toBeGreaterThan(0);
    for (const c of REVISIT_CHANNELS) expect(REVISIT_CHANNEL_LABELS[c].en.length).toBeGreaterThan(0);
    for (const k of DEMAND_KINDS) expect(DEMAND_KIND_LABELS[k].zh).toMatch(/（[A-Z]{2}-\d）$/);
    for (const l of Object.values(SKIP_REASON_LABELS)) expect(l.en.length * l.zh.length).toBeGreaterThan(0);
  });
});
