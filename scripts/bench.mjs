// `pnpm bench`: every benchmark, each printed as ratios against a named peer measured in
// the same run. Benchmarks are not tests: they assert nothing; they print figures and
// whether each target is met. `node scripts/bench.mjs storage` runs one of them.
import { runAuditBench } from './bench/audit.mjs';
import { runCalendarBench } from './bench/calendar.mjs';
import { runChurnBench } from './bench/churn.mjs';
import { runComplaintsBench } from './bench/complaints.mjs';
import { runRfmBench } from './bench/rfm.mjs';
import { runSatisfactionBench } from './bench/satisfaction.mjs';
import { runSlaBench } from './bench/sla.mjs';
import { runStorageBench } from './bench/storage.mjs';

const benches = {
  storage: runStorageBench,
  rfm: runRfmBench,
  calendar: runCalendarBench,
  sla: runSlaBench,
  complaints: runComplaintsBench,
  audit: runAuditBench,
  satisfaction: runSatisfactionBench,
  churn: runChurnBench,
};
const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
