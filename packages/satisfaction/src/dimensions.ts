import type { Label } from '@kehu/core';
import * as z from 'zod';

/** The three things every purchasing customer is asked about (rule SA-1). */
export const SA1_DIMENSIONS = ['product-quality', 'service', 'price'] as const;

/**
 * The seven service-quality indicators (rule SA-3): response speed (on calls and online),
 * attitude, ability to solve problems, professional knowledge, communication, continuity of
 * service and innovation in service, in the order the rule lists them.
 */
export const SERVICE_QUALITY_INDICATORS = [
  'response-speed',
  'attitude',
  'problem-solving',
  'expertise',
  'communication',
  'continuity',
  'innovation',
] as const;

/** One of the seven service-quality indicators (rule SA-3). */
export type ServiceQualityIndicator = (typeof SERVICE_QUALITY_INDICATORS)[number];

/** What a survey question measures: an SA-1 dimension or an SA-3 indicator. */
export type Dimension = (typeof SA1_DIMENSIONS)[number] | ServiceQualityIndicator;

/** Every dimension id: the SA-1 three, then the SA-3 seven. */
export const DIMENSION_IDS: readonly Dimension[] = [...SA1_DIMENSIONS, ...SERVICE_QUALITY_INDICATORS];

/** A dimension id, checked (an unknown id is refused with the list of known ones). */
export const dimensionSchema = z.enum(DIMENSION_IDS as [Dimension, ...Dimension[]]);

/** A dimension for display: its id, its label in English and Simplified Chinese, and the rule that asks for it. */
export interface DimensionInfo {
  /** The dimension id, e.g. `response-speed`. */
  readonly id: Dimension;
  /** The end-user label. */
  readonly label: Label;
  /** The rule that asks for the dimension: `SA-1` or `SA-3`. */
  readonly rule: 'SA-1' | 'SA-3';
}

/**
 * Every dimension with its labels and rule: SA-1's product quality, service and price, and
 * SA-3's seven service-quality indicators.
 */
export const DIMENSIONS: Readonly<Record<Dimension, DimensionInfo>> = Object.freeze({
  'product-quality': { id: 'product-quality', label: { en: 'Product quality', zh: '产品质量' }, rule: 'SA-1' },
  service: { id: 'service', label: { en: 'Service', zh: '服务' }, rule: 'SA-1' },
  price: { id: 'price', label: { en: 'Price', zh: '价格' }, rule: 'SA-1' },
  'response-speed': { id: 'response-speed', label: { en: 'Response speed', zh: '响应速度' }, rule: 'SA-3' },
  attitude: { id: 'attitude', label: { en: 'Service attitude', zh: '服务态度' }, rule: 'SA-3' },
  'problem-solving': {
    id: 'problem-solving',
    label: { en: 'Problem solving', zh: '解决问题的能力' },
    rule: 'SA-3',
  },
  expertise: { id: 'expertise', label: { en: 'Professional knowledge', zh: '专业知识' }, rule: 'SA-3' },
  communication: { id: 'communication', label: { en: 'Communication', zh: '沟通能力' }, rule: 'SA-3' },
  continuity: { id: 'continuity', label: { en: 'Continuity of service', zh: '服务连续性' }, rule: 'SA-3' },
  innovation: { id: 'innovation', label: { en: 'Innovation in service', zh: '服务创新' }, rule: 'SA-3' },
});
