// The soak's output: a readable table, then one JSON line (`{"soak": ...}`) for machines.

const seconds = (ms) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);

export function printReport(s) {
  const m = s.messages;
  const share = m.deliveries ? ((m.liveDelivered / m.deliveries) * 100).toFixed(1) : '-';
  const rows = [
    [
      'messages sent / acknowledged (thread replies)',
      `${m.sent} / ${m.acked} (${m.threadReplies})`,
    ],
    ['lost (acked, not stored)', m.lost],
    ['never reached a member (after catch-up)', m.lostToMembers],
    ['doubled (client id twice, or a seq as two messages)', m.doubled],
    ['seq gaps', m.gaps],
    ['sends never acknowledged', m.unacked],
    ['connected members not told within 5 s (outside outages)', m.silentTail],
    ['delivered live (rest by catch-up)', `${share} %`],
    [
      'commit -> live delivery p50 / p99 / max',
      `${m.liveLatencyMs.p50} / ${m.liveLatencyMs.p99} / ${m.liveLatencyMs.max} ms`,
    ],
    ['re-announced seqs (dropped by clients)', m.reannounced],
    ['reconnects (dropped or failed over)', m.reconnects],
    ['socket sends re-sent with their clientMessageId', m.resends],
    [
      'bot prompts / finished / failed / unanswered / doubled',
      `${s.bots.requested} / ${s.bots.finished} / ${s.bots.failed} / ${s.bots.unanswered} / ${s.bots.doubled}`,
    ],
    ['uploads sent (failed attempts)', `${s.side.uploads} (${s.side.uploadFailures})`],
    [
      'attachments by status',
      Object.entries(s.attachments)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '-',
    ],
    ['searches / dropped connections', `${s.side.searches} / ${s.side.drops}`],
    ['5xx / INTERNAL outside outage windows', s.errors.fiveHundredsOutsideOutages],
    ['503 / UNAVAILABLE during outages', s.errors.unavailableDuringOutages],
    ['other 5xx / INTERNAL during outages', s.errors.otherErrorsDuringOutages],
    ['UNAVAILABLE outside outage windows', s.errors.unavailableOutsideOutages],
    ['connections refused or reset (killed API)', s.errors.networkErrors],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const out = [`\nchaos soak: ${s.minutes} min, ${s.people} people, ${s.faults} faults`, ''];
  out.push(`| ${'figure'.padEnd(width)} | value |`, `| ${'-'.repeat(width)} | ----- |`);
  for (const [k, v] of rows) out.push(`| ${k.padEnd(width)} | ${v} |`);
  out.push('', '| fault | at | down | first send after | every sender again | first bot reply |');
  out.push('| ----- | -- | ---- | ---------------- | ------------------ | --------------- |');
  for (const r of s.recovery) {
    out.push(
      `| ${r.component} | ${r.atSeconds} s | ${seconds(r.downMs)} | ${seconds(r.firstSendMs)} | ` +
        `${seconds(r.allSendersMs)} | ${r.component === 'worker' ? seconds(r.firstReplyMs) : ''} |`,
    );
  }
  for (const sample of s.errors.samples) out.push(`  outside an outage: ${JSON.stringify(sample)}`);
  for (const sample of m.silentTailSamples)
    out.push(`  not told in time (s from start): ${JSON.stringify(sample)}`);
  for (const sample of s.bots.unansweredSamples)
    out.push(`  unanswered prompt (s from start): ${JSON.stringify(sample)}`);
  if (s.bots.unanswered > 0)
    out.push(
      "  the worker's last warnings:",
      ...s.workerWarnings.slice(-15).map((l) => `    ${l}`),
    );
  out.push('', s.pass ? 'PASS' : `FAIL: ${s.failures.join('; ')}`, '');
  process.stdout.write(`${out.join('\n')}\n${JSON.stringify({ soak: s })}\n`);
}
