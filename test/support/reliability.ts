// Counts that the test suites add up into test-results/reliability.json, from which the
// README's Reliability section is written (npm run reliability:readme).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS } from './paths';

const FILE = join(RESULTS, 'reliability.json');

export function recordReliability(what: string, count: number): void {
  // The harness self-test reruns the VS Code tiers on purpose failing: not a figure.
  if (process.env.DATABEND_IAM_SELFTEST_FAIL) return;
  mkdirSync(RESULTS, { recursive: true });
  let data: Record<string, number> = {};
  try {
    data = JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    // first entry of this run
  }
  data[what] = count;
  writeFileSync(FILE, JSON.stringify(data, null, 2));
}

export function readReliability(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    return {};
  }
}
