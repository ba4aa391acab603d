import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  DEFAULT_METRICS,
  isTopBox,
  type MetricDefinitionInput,
  parseMetricDefinition,
} from './metric-definition.js';

/** The KehuValidationError `run` throws. */
function errorOf(run: () => unknown): KehuValidationError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return e as KehuValidationError;
  }
  throw new Error('expected a KehuValidationError');
}

const nps: MetricDefinitionInput = {
  id: 'nps',
  version: 2,
  kind: 'nps',
  scale: { min: 0, max: 10 },
  buckets: [
    { name: 'detractors', from: 0, to: 6 },
    { name: 'passives', from: 7, to: 8 },
    { name: 'promoters', from: 9, to: 10 },
  ],
};

describe('metric definitions (rule SA-1)', () => {
  it('SA-1: the defaults: CSAT top-2-box on 1-5, NPS 0-10, CES agreeing 5-7 on 1-7, the average on 1-5', () => {
    const { csat, nps: n, ces, average } = DEFAULT_METRICS;
    expect([csat.kind, csat.scale, csat.topBox, csat.missing]).toEqual([
      'top-box',
      { min: 1, max: 5 },
      [4, 5],
      'exclude',
    ]);
    expect(n.buckets?.map((b) => [b.name, b.from, b.to])).toEqual([
      ['detractors', 0, 6],
      ['passives', 7, 8],
      ['promoters', 9, 10],
    ]);
    expect([ces.scale, ces.topBox]).toEqual([{ min: 1, max: 7 }, [5, 6, 7]]);
    expect([average.kind, average.scale]).toEqual(['mean', { min: 1, max: 5 }]);
    for (const d of Object.values(DEFAULT_METRICS)) {
      expect(d.version).toBe(1);
      expect(Object.isFrozen(d)).toBe(true);
      expect(parseMetricDefinition(d)).toBe(d);
    }
  });

  it('SA-1: NPS buckets by hand: 6 is a detractor, 7 and 8 passives, 9 and 10 promoters', () => {
    const names = [0, 6, 7, 8, 9, 10].map((v) => bucketOf(v, DEFAULT_METRICS.nps).name);
    expect(names).toEqual(['detractors', 'detractors', 'passives', 'passives', 'promoters', 'promoters']);
    expect(bucketOf(4, DEFAULT_METRICS.csat).name).toBe('satisfied');
    expect(bucketOf(3, DEFAULT_METRICS.csat).name).toBe('not-satisfied');
    expect(bucketOf(4, DEFAULT_METRICS.ces).name).toBe('neutral');
    expect([isTopBox(5, DEFAULT_METRICS.ces), isTopBox(4, DEFAULT_METRICS.ces)]).toEqual([true, false]);
  });

  it('SA-1: refuses 6.5, a value off the scale, NaN and text instead of leaving them uncounted', () => {
    const e = errorOf(() => bucketOf(6.5, nps));
    expect(e.message).toContain('must be an integer, got 6.5');
    expect(e.path).toEqual([]);
    expect(errorOf(() => bucketOf(11, nps)).message).toContain('off the scale 0-10');
    expect(errorOf(() => bucketOf(-1, nps)).message).toContain('off the scale 0-10');
    expect(errorOf(() => bucketOf(Number.NaN, nps)).code).toBe('VALIDATION_FAILED');
    expect(errorOf(() => bucketOf('9' as unknown as number, nps)).message).toContain('finite number');
    expect(errorOf(() => isTopBox(3.5, DEFAULT_METRICS.csat)).message).toContain('integer');
  });

  it('SA-1: refuses a value in no bucket or in two, and buckets off the scale', () => {
    const buckets = (list: Array<[string, number, number]>) => ({
      ...nps,
      buckets: list.map(([name, from, to]) => ({ name, from, to })),
    });
    const gap = errorOf(() =>
      parseMetricDefinition(
        buckets([
          ['detractors', 0, 6],
          ['promoters', 9, 10],
        ]),
      ),
    );
    expect(gap.path).toEqual(['buckets']);
    expect(gap.message).toContain('the values 7-8 fall in no bucket');
    const overlap = errorOf(() =>
      parseMetricDefinition(
        buckets([
          ['detractors', 0, 6],
          ['passives', 6, 8],
          ['promoters', 9, 10],
        ]),
      ),
    );
    expect(overlap.path).toEqual(['buckets', 1]);
    expect(overlap.message).toContain('the value 6 falls in two buckets: detractors and passives');
    const end = errorOf(() =>
      parseMetricDefinition(
        buckets([
          ['detractors', 0, 6],
          ['promoters', 7, 9],
        ]),
      ),
    );
    expect(end.message).toContain('the value 10 falls in no bucket');
    expect(
      errorOf(() =>
        parseMetricDefinition(
          buckets([
            ['detractors', -1, 6],
            ['promoters', 7, 10],
          ]),
        ),
      ).path,
    ).toEqual(['buckets', 0]);
    expect(
      errorOf(() =>
        parseMetricDefinition(
          buckets([
            ['detractors', 6, 0],
            ['promoters', 7, 10],
          ]),
        ),
      ).path,
    ).toEqual(['buckets', 0, 'to']);
    expect(
      errorOf(() =>
        parseMetricDefinition(
          buckets([
            ['detractors', 0, 6],
            ['detractors', 7, 8],
            ['promoters', 9, 10],
          ]),
        ),
      ).path,
    ).toEqual(['buckets', 1, 'name']);
    expect(errorOf(() => parseMetricDefinition(buckets([['bad', 0.5, 6]]))).path).toEqual(['buckets', 0, 'from']);
  });

  it('SA-1: refuses a top box that is off the scale, repeated, everything, or splits a bucket', () => {
    const csat = DEFAULT_METRICS.csat;
    const withTop = (topBox: number[]) => ({ ...csat, topBox });
    expect(errorOf(() => parseMetricDefinition(withTop([5, 6]))).message).toContain('off the scale');
    expect(errorOf(() => parseMetricDefinition(withTop([5, 5]))).message).toContain('twice');
    expect(errorOf(() => parseMetricDefinition({ ...withTop([1, 2, 3, 4, 5]), buckets: undefined })).message).toContain(
      'everyone satisfied',
    );
    const split = errorOf(() => parseMetricDefinition(withTop([5])));
    expect(split.path).toEqual(['buckets', 1]);
    expect(split.message).toContain('splits bucket satisfied');
    expect(parseMetricDefinition({ ...withTop([5, 4]), id: 'x' }).topBox).toEqual([4, 5]);
  });

  it('SA-1: each kind gets what it needs and nothing it would ignore', () => {
    const { csat, average } = DEFAULT_METRICS;
    expect(errorOf(() => parseMetricDefinition({ ...csat, topBox: undefined })).path).toEqual(['topBox']);
    expect(errorOf(() => parseMetricDefinition({ ...DEFAULT_METRICS.ces, topBox: undefined })).path).toEqual([
      'topBox',
    ]);
    expect(errorOf(() => parseMetricDefinition({ ...average, topBox: [5] })).path).toEqual(['topBox']);
    expect(errorOf(() => parseMetricDefinition({ ...nps, topBox: [9, 10] })).path).toEqual(['topBox']);
    expect(errorOf(() => parseMetricDefinition({ ...nps, buckets: undefined })).message).toContain('promoters');
    expect(errorOf(() => parseMetricDefinition({ ...average, missing: 'count-as-not-satisfied' })).path).toEqual([
      'missing',
    ]);
    expect(parseMetricDefinition({ ...csat, missing: 'count-as-not-satisfied' }).missing).toBe(
      'count-as-not-satisfied',
    );
    expect(errorOf(() => parseMetricDefinition({ ...csat, scale: { min: 5, max: 1 } })).path).toEqual(['scale', 'max']);
    expect(errorOf(() => parseMetricDefinition({ ...csat, extra: 1 })).path).toEqual(['extra']);
  });

  it('SA-1: without buckets, a value falls in its run of the top box or the rest, or in a bucket of its own', () => {
    const jar = parseMetricDefinition({
      id: 'jar',
      version: 1,
      kind: 'top-box',
      scale: { min: 1, max: 5 },
      topBox: [3],
    });
    expect([1, 2, 3, 4, 5].map((v) => bucketOf(v, jar))).toEqual([
      { name: 'rest', from: 1, to: 2 },
      { name: 'rest', from: 1, to: 2 },
      { name: 'top-box', from: 3, to: 3 },
      { name: 'rest', from: 4, to: 5 },
      { name: 'rest', from: 4, to: 5 },
    ]);
    expect(bucketOf(4, DEFAULT_METRICS.average)).toEqual({ name: '4', from: 4, to: 4 });
  });
});

/** A scale and a partition of it into consecutive buckets, listed in a shuffled order. */
const partitioned = fc
  .record({ min: fc.integer({ min: -50, max: 50 }), size: fc.integer({ min: 2, max: 40 }) })
  .chain(({ min, size }) =>
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: min + 1, max: min + size - 1 }), { maxLength: size - 1 }),
        fc.func(fc.integer()),
      )
      .map(([cuts, key]) => {
        const starts = [min, ...[...cuts].sort((a, b) => a - b)];
        const buckets = starts.map((from, i) => ({ name: `b${i}`, from, to: (starts[i + 1] ?? min + size) - 1 }));
        return {
          scale: { min, max: min + size - 1 },
          buckets: buckets.sort((a, b) => key(a.name) - key(b.name) || a.from - b.from),
        };
      }),
  );

describe('metric definitions: every scale value in exactly one bucket (rule SA-1, property)', () => {
  it('SA-1: for every scale and partition, bucketOf gives the one bucket that holds each value', () => {
    fc.assert(
      fc.property(partitioned, ({ scale, buckets }) => {
        const d = parseMetricDefinition({ id: 'm', version: 1, kind: 'mean', scale, buckets });
        for (let v = scale.min; v <= scale.max; v += 1) {
          const holding = buckets.filter((b) => v >= b.from && v <= b.to);
          expect(holding).toHaveLength(1);
          expect(bucketOf(v, d)).toEqual(holding[0]);
        }
        expect(() => bucketOf(scale.max + 1, d)).toThrow(KehuValidationError);
        expect(() => bucketOf(scale.min + 0.5, d)).toThrow(KehuValidationError);
      }),
    );
  });

  it('SA-1: the schema accepts arbitrary buckets exactly when every value falls in exactly one', () => {
    const arbitrary = fc
      .record({ min: fc.integer({ min: -5, max: 5 }), size: fc.integer({ min: 2, max: 12 }) })
      .chain(({ min, size }) =>
        fc.record({
          scale: fc.constant({ min, max: min + size - 1 }),
          buckets: fc.array(
            fc
              .tuple(fc.integer({ min, max: min + size - 1 }), fc.integer({ min, max: min + size - 1 }))
              .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })),
            { minLength: 1, maxLength: 6 },
          ),
        }),
      );
    fc.assert(
      fc.property(arbitrary, ({ scale, buckets }) => {
        const named = buckets.map((b, i) => ({ name: `b${i}`, ...b }));
        let exact = true;
        for (let v = scale.min; v <= scale.max; v += 1)
          if (named.filter((b) => v >= b.from && v <= b.to).length !== 1) exact = false;
        const parsed = () => parseMetricDefinition({ id: 'm', version: 1, kind: 'mean', scale, buckets: named });
        if (exact) expect(parsed).not.toThrow();
        else expect(parsed).toThrow(KehuValidationError);
      }),
    );
  });

  it('SA-1: without buckets, every value of every scale falls in exactly one derived bucket', () => {
    const withTop = fc
      .record({ min: fc.integer({ min: -20, max: 20 }), size: fc.integer({ min: 2, max: 20 }) })
      .chain(({ min, size }) =>
        fc.record({
          scale: fc.constant({ min, max: min + size - 1 }),
          topBox: fc.uniqueArray(fc.integer({ min, max: min + size - 1 }), { minLength: 1, maxLength: size - 1 }),
        }),
      );
    fc.assert(
      fc.property(withTop, ({ scale, topBox }) => {
        const d = parseMetricDefinition({ id: 'm', version: 1, kind: 'top-box', scale, topBox });
        for (let v = scale.min; v <= scale.max; v += 1) {
          const b = bucketOf(v, d);
          expect(v >= b.from && v <= b.to).toBe(true);
          for (let w = b.from; w <= b.to; w += 1) expect(topBox.includes(w)).toBe(b.name === 'top-box');
          expect(isTopBox(v, d)).toBe(topBox.includes(v));
        }
      }),
    );
  });
});
