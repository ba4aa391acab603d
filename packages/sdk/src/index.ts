export { createKehu, type Kehu, type KehuOptions } from './kehu.js';
export type { CustomerUseCases } from './customers.js';
export type { ImportOptions, ImportProgress, ImportResult, InvalidRow, TransactionUseCases } from './transactions.js';
export type { AppendEventsOptions, ComplaintUseCases } from './complaints.js';
export type { ContactRecordUseCases } from './contact-records.js';
export type { SurveyUseCases } from './surveys.js';
export type { GradeUseCases } from './grades.js';
export { retryOnConflict, type RetryOptions } from './retry.js';
export type { RegradeAllOptions, RegradeAllResult, ValueUseCases } from './value.js';
