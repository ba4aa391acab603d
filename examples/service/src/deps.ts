import type { BusinessCalendar } from '@kehu/calendar';
import type { Kehu } from '@kehu/sdk';

/**
 * What every route of the service needs: the SDK wired to the store, the business calendar of
 * the SLA clocks and revisit days, and the service clock (the only place the service reads the
 * time; `KEHU_AS_OF` fixes it for the sample business).
 */
export interface ServiceDeps {
  /** The SDK over the service's store. */
  kehu: Kehu;
  /** The business calendar (working hours, holidays and make-up workdays). */
  calendar: BusinessCalendar;
  /** The service clock: the default `asOf` of reads and the `at` of writes. */
  clock: () => Date;
}
