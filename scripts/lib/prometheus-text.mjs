// Reads one sample out of a Prometheus text exposition (/metrics), for tests and the benchmark.

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The value of `name{labels}` (labels written as in the exposition, e.g. `quantile="0.99"`),
 * or null when the sample is not there.
 */
export function sampleValue(text, name, labels = '') {
  const series = labels ? `${escape(name)}\\{${escape(labels)}\\}` : escape(name);
  const match = new RegExp(`^${series} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}
