// Runs the shared cases against an API object and collects results (for hosts without a test runner).

/** Runs every case sequentially; returns `[{ name, ok, error }]`. */
export async function runCases(api, cases) {
  const results = [];
  for (const c of cases) {
    try {
      await c.run(api);
      results.push({ name: c.name, ok: true });
    } catch (err) {
      results.push({ name: c.name, ok: false, error: String((err && err.stack) || err) });
    }
  }
  return results;
}

/** Prints results and a closing line like `edge-runtime: 6 passed, 0 failed`; returns the failure count. */
export function report(runtime, results, log = console.log) {
  for (const r of results) log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : '\n     ' + r.error}`);
  const failed = results.filter((r) => !r.ok).length;
  log(`${runtime}: ${results.length - failed} passed, ${failed} failed`);
  return failed;
}
