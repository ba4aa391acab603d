import { KehuPolicyError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { SERVICE_QUALITY_INDICATORS } from './dimensions.js';
import { DEFAULT_SERVICE_QUALITY_POLICY, parseServiceQualityPolicy } from './service-quality-policy.js';

describe('service-quality policy (SA-3, SA-4)', () => {
  it('SA-3/SA-4: defaults are equal weights, target 4.0 on 1-5, quarters in Asia/Shanghai', () => {
    const p = DEFAULT_SERVICE_QUALITY_POLICY;
    for (const k of SERVICE_QUALITY_INDICATORS) {
      expect(p.weights[k]).toBe(1);
      expect(p.targets[k]).toBe(4);
    }
    expect(p.scale).toEqual({ min: 1, max: 5 });
    expect(p.zone).toBe('Asia/Shanghai');
    expect(p.id).toBe('kehu-service-quality');
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('SA-4: a partial policy keeps the defaults of what it leaves out', () => {
    const p = parseServiceQualityPolicy({ weights: { 'response-speed': 3 }, scale: { min: 1, max: 7 }, zone: 'UTC' });
    expect(p.weights['response-speed']).toBe(3);
    expect(p.weights.attitude).toBe(1);
    expect(p.scale).toEqual({ min: 1, max: 7 });
    expect(parseServiceQualityPolicy(p)).toBe(p);
  });

  it('SA-4: bad policies are KehuPolicyErrors with the path', () => {
    const path = (input: unknown) => {
      try {
        parseServiceQualityPolicy(input);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuPolicyError);
        return (e as KehuPolicyError).path;
      }
      throw new Error('accepted');
    };
    expect(path({ weights: { attitude: -1 } })).toEqual(['weights', 'attitude']);
    expect(path({ weights: { speed: 1 } })).toEqual(['weights', 'speed']);
    expect(path({ weights: Object.fromEntries(SERVICE_QUALITY_INDICATORS.map((k) => [k, 0])) })).toEqual(['weights']);
    expect(path({ targets: { attitude: 6 } })).toEqual(['targets', 'attitude']);
    expect(path({ scale: { min: 5, max: 1 } })).toEqual(['scale', 'max']);
    expect(path({ zone: 'Mars/Olympus' })).toEqual(['zone']);
    expect(path({ extra: true })).toEqual(['extra']);
  });
});
