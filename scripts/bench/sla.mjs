// SLA benchmark (issue 5): evaluateSla over 1,000,000 complaints with a dozen events each,
// on the mainland China calendar with the default policy, as of one moment; target under 3 s.
// Printed beside it: the same evaluations with a policy parsed afresh per complaint (the
// naive use), measured on a sample in the same run.
import { chinaCalendar } from '../../packages/calendar/dist/index.js';
import { parseComplaintEvent } from '../../packages/core/dist/index.js';
import { DEFAULT_SLA_POLICY, evaluateSla } from '../../packages/sla/dist/index.js';

const N = Number(process.env.KEHU_BENCH_SLA_COMPLAINTS || 1_000_000);
const fmt = (n) => n.toLocaleString('en-US');
const cal = chinaCalendar();
const H = 3_600_000;
let state = 11;
const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
const ev = (type, t, extra = {}) => ({ type, at: new Date(t), actor: 'agent', ...extra });
const t0 = Date.parse('2026-03-02T09:00:00+08:00');
const asOf = new Date(Date.parse('2026-06-30T12:00:00+08:00'));

/** A complaint with twelve events: intake, reply, assignment, escalation, pause and resume, a severity change, resolution, feedback, a reopening and its handling. */
function complaint(i) {
  let t = t0 + Math.floor(next() * 110 * 24) * H + Math.floor(next() * 60) * 60_000;
  const step = (hours) => (t += Math.floor(next() * hours * H) + 60_000);
  const severity = next() < 0.15 ? 'urgent' : next() < 0.05 ? 'major' : 'normal';
  const events = [ev('received', t)];
  events.push(ev('acknowledged', step(20)));
  events.push(ev('assigned', step(2), { assignee: 'agent-2' }));
  events.push(ev('preliminary-solution', step(10)));
  events.push(ev('escalated', step(4), { level: 1 }));
  events.push(ev('waiting-on-customer', step(6)));
  events.push(ev('resumed', step(30)));
  events.push(ev('severity-changed', step(3), { from: severity, to: severity === 'normal' ? 'urgent' : 'normal' }));
  events.push(ev('resolved', step(40)));
  events.push(ev('feedback-recorded', step(30), { satisfied: next() < 0.8 }));
  events.push(ev('reopened', step(48)));
  events.push(ev('acknowledged', step(10)));
  return { id: `k-${i}`, severity, channel: i % 5 === 0 ? 'email' : 'phone', events: events.map((e) => parseComplaintEvent(e)) };
}

export async function runSlaBench() {
  console.log(`generating ${fmt(N)} complaints with 12 events each …`);
  const complaints = Array.from({ length: N }, (_, i) => complaint(i));
  for (let i = 0; i < 1000; i++) evaluateSla(complaints[i], DEFAULT_SLA_POLICY, cal, asOf);
  let t = performance.now();
  let breached = 0;
  for (const c of complaints) for (const m of evaluateSla(c, DEFAULT_SLA_POLICY, cal, asOf).metrics) if (m.state === 'breached') breached++;
  const seconds = (performance.now() - t) / 1000;
  const sample = Math.min(N, 20_000);
  const json = JSON.parse(JSON.stringify(DEFAULT_SLA_POLICY));
  t = performance.now();
  for (let i = 0; i < sample; i++) evaluateSla(complaints[i], JSON.parse(JSON.stringify(json)), cal, asOf);
  const naive = ((performance.now() - t) / sample) * N / 1000;
  console.log(`evaluateSla: ${fmt(N)} complaints × 12 events in ${seconds.toFixed(2)} s (target < 3 s: ${seconds < 3 ? 'met' : 'NOT met'}); ${fmt(breached)} breached metrics · parsing the policy per complaint instead: about ${naive.toFixed(1)} s for the same (${(naive / seconds).toFixed(1)}×, measured on ${fmt(sample)})`);
}
