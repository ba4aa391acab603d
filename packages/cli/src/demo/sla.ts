import { chinaCalendar } from '@kehu/calendar';
import type { Kehu } from '@kehu/sdk';

const HOUR = 3_600_000;

/** The complaint SLA part of the demo summary (rules SL-2 to SL-4, SL-7 to SL-9). */
export interface DemoSla {
  /** The SLA board at as-of: metrics running, due within 4 hours, breached (still open) and paused. */
  board: { running: number; dueSoon: number; breached: number; paused: number; nextCheckAt: string | null };
  /** Attainment per metric over every complaint (met / finished, percent, one decimal; `null`: nothing finished). */
  attainment: Array<{ metric: string; en: string; zh: string; met: number; breached: number; percent: string | null }>;
  /** Median and 90th percentile of response and resolution times, in business hours on the China calendar. */
  times: {
    responseP50: number | null;
    responseP90: number | null;
    resolutionP50: number | null;
    resolutionP90: number | null;
  };
  /** Satisfaction after resolution (SL-8): share satisfied, percent. */
  satisfiedPercent: string | null;
  /** Complaints by root cause (SL-7). */
  rootCauses: Record<string, number>;
  /**
   * Handling across departments and staff (SL-10): staff who handled complaints, complaints
   * that crossed departments, and the staff member who resolved the most.
   */
  handling: {
    staff: number;
    crossDepartment: number;
    topResolver: { assignee: string; resolved: number; breached: number } | null;
  };
}

/** Evaluates every stored complaint's SLAs on the mainland China calendar (with 调休) as of the demo's "today". */
export async function demoSla(kehu: Kehu, asOf: Date): Promise<DemoSla> {
  const calendar = chinaCalendar();
  const board = await kehu.sla.board({ asOf, calendar });
  const report = await kehu.sla.report({ asOf, calendar });
  const hours = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms / (HOUR / 10)) / 10);
  return {
    board: {
      running: board.running.length,
      dueSoon: board.dueSoon.length,
      breached: board.breached.length,
      paused: board.paused.length,
      nextCheckAt: board.nextCheckAt?.toISOString() ?? null,
    },
    attainment: report.sla.map((m) => ({
      metric: m.metric,
      en: m.label.en,
      zh: m.label.zh,
      met: m.met,
      breached: m.breached,
      percent: m.attainmentPercent,
    })),
    times: {
      responseP50: hours(report.responseTime.businessMs?.p50),
      responseP90: hours(report.responseTime.businessMs?.p90),
      resolutionP50: hours(report.resolutionTime.businessMs?.p50),
      resolutionP90: hours(report.resolutionTime.businessMs?.p90),
    },
    satisfiedPercent: report.satisfaction.satisfiedPercent,
    rootCauses: Object.fromEntries(Object.entries(report.counts.byRootCause).filter(([, count]) => count > 0)),
    handling: {
      staff: report.staff.length,
      crossDepartment: report.departments.crossDepartment,
      topResolver: report.staff.reduce<DemoSla['handling']['topResolver']>(
        (top, p) =>
          top === null || p.resolved > top.resolved
            ? { assignee: p.assignee, resolved: p.resolved, breached: p.breached }
            : top,
        null,
      ),
    },
  };
}

/** The SLA part as bilingual lines. */
export function formatDemoSla(s: DemoSla): string[] {
  const h = (x: number | null) => (x === null ? '–' : `${x} h`);
  const percent = (x: string | null) => (x === null ? '–' : `${x}%`);
  const causes = Object.entries(s.rootCauses)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  const top = s.handling.topResolver;
  const breachedWhile = 'breached while assigned 负责期间超时';
  return [
    '',
    'Complaint SLAs 投诉时限 (China calendar with 调休; rules SL-2 to SL-4)',
    `  board 看板: running 进行中 ${s.board.running} · due within 4 h 即将到期 ${s.board.dueSoon} · ` +
      `breached 已超时 ${s.board.breached} · paused 暂停 ${s.board.paused}`,
    ...s.attainment.map(
      (m) =>
        `  ${`${m.en} ${m.zh}`.padEnd(28)} met 达标 ${String(m.met).padStart(5)} · ` +
        `breached 超时 ${String(m.breached).padStart(4)} · ` +
        `attainment 达成率 ${m.percent === null ? '–' : `${m.percent}%`}`,
    ),
    `  response time 响应时间 (business hours 工作时间) p50 ${h(s.times.responseP50)} · p90 ${h(s.times.responseP90)}`,
    `  resolution time 解决时间 (business hours 工作时间) p50 ${h(s.times.resolutionP50)} · p90 ${h(s.times.resolutionP90)}`,
    `  satisfied after resolution 解决后满意 ${percent(s.satisfiedPercent)} (SL-8) · ` +
      `root causes 根本原因 ${causes} (SL-7)`,
    `  handled by 处理人员 ${s.handling.staff} staff · cross-department 跨部门 ${s.handling.crossDepartment}` +
      `${top === null ? '' : ` · most resolved 解决最多 ${top.assignee} ${top.resolved}`}` +
      `${top === null ? '' : ` (${breachedWhile} ${top.breached})`}` +
      ' (SL-10)',
  ];
}
