// `pnpm bench`: every benchmark, each printed as ratios against a named peer measured in
// the same run. Benchmarks are not tests: they assert nothing; they print figures and
// whether each target is met. `node scripts/bench.mjs storage` runs one of them.
// Each benchmark module is imported only when it runs: some build their data when loaded, and
// that data must not sit in the heap of the benchmarks that follow.
const benches = {
  storage: async () => (await import('./bench/storage.mjs')).runStorageBench(),
  rfm: async () => (await import('./bench/rfm.mjs')).runRfmBench(),
  calendar: async () => (await import('./bench/calendar.mjs')).runCalendarBench(),
  sla: async () => (await import('./bench/sla.mjs')).runSlaBench(),
  complaints: async () => (await import('./bench/complaints.mjs')).runComplaintsBench(),
  audit: async () => (await import('./bench/audit.mjs')).runAuditBench(),
  satisfaction: async () => (await import('./bench/satisfaction.mjs')).runSatisfactionBench(),
  churn: async () => (await import('./bench/churn.mjs')).runChurnBench(),
  cadence: async () => (await import('./bench/cadence.mjs')).runCadenceBench(),
  plans: async () => (await import('./bench/plans.mjs')).runPlansBench(),
  service: async () => (await import('./bench/service.mjs')).runServiceBench(),
};
const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
