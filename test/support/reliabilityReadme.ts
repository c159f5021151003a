// Writes README's Reliability section from test-results/reliability.json, which the test
// suites fill while they run: the figures come from the run, not from a hand.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';
import { readReliability } from './reliability';

const data = readReliability();
const entries = Object.entries(data).sort(([a], [b]) => a.localeCompare(b));
if (entries.length === 0) {
  console.log('reliability: no figures recorded (run the tests first)');
  process.exit(0);
}
const table = ['| What was tried | Count |', '| --- | --- |', ...entries.map(([what, count]) => `| ${what} | ${count.toLocaleString('en-US')} |`)].join('\n');
const block = `<!-- reliability:start -->\n${table}\n\nWritten by the test run of ${new Date().toISOString().slice(0, 10)} (\`test-results/reliability.json\`).\n<!-- reliability:end -->`;
const readme = join(ROOT, 'README.md');
writeFileSync(readme, readFileSync(readme, 'utf8').replace(/<!-- reliability:start -->[\s\S]*<!-- reliability:end -->/, block));
console.log(table);
