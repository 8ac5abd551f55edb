// Runs the named checks one after another, prints a line for each, and the summary at the end.

const results = [];

function record(name, status, detail = '', seconds = 0) {
  results.push({ name, status, detail, seconds });
  const mark = { ok: 'ok  ', FAIL: 'FAIL', SKIP: 'SKIP' }[status];
  process.stdout.write(`${mark} ${name}${detail ? ` - ${detail}` : ''}\n`);
}

/** Runs one named check: fn() returns problems (strings); throws count as a failure too. */
export function check(name, fn) {
  const started = Date.now();
  let problems;
  try {
    problems = fn();
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  const seconds = (Date.now() - started) / 1000;
  if (problems && problems.skip) {
    record(name, 'SKIP', problems.skip, seconds);
  } else if (problems && problems.length > 0) {
    record(name, 'FAIL', '', seconds);
    for (const p of problems) process.stdout.write(`     ${p.replace(/\n/g, '\n     ')}\n`);
  } else {
    record(name, 'ok', '', seconds);
  }
}

export const skip = (reason) => ({ skip: reason });

/** Prints the summary; returns the exit code (1 when a check failed). */
export function summary() {
  const count = (s) => results.filter((r) => r.status === s).length;
  process.stdout.write('\n=== deploy-check summary\n');
  for (const r of results) {
    const mark = { ok: 'ok  ', FAIL: 'FAIL', SKIP: 'SKIP' }[r.status];
    process.stdout.write(
      `${mark} ${r.name.padEnd(72)} ${r.seconds.toFixed(1)}s${r.status === 'SKIP' ? `  (${r.detail})` : ''}\n`,
    );
  }
  const skipped = results.filter((r) => r.status === 'SKIP');
  if (skipped.length) process.stdout.write(`skipped: ${skipped.map((r) => r.name).join('; ')}\n`);
  process.stdout.write(
    `deploy-check: ${count('ok')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped\n`,
  );
  return count('FAIL') > 0 ? 1 : 0;
}
