// axe-core (npm, pinned) run inside a webview's page, as an accessibility audit of what a
// user sees there. The page's CSP allows no foreign script, so axe is evaluated through
// the browser's debugging protocol, which a CSP does not govern; nothing is added to the
// product for it.

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { AxeResults, ImpactValue } from 'axe-core';
import { RESULTS } from '../support/paths';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

export interface AxeReport {
  findings: AxeFinding[];
  /** The findings that fail a check: serious and critical. */
  blocking: AxeFinding[];
  /** Where the full axe results were written. */
  file: string;
}

/** Runs every axe rule (WCAG 2.x A/AA and best practices) on the frame's page, shadow roots included. */
export async function audit(frame: Frame, name: string): Promise<AxeReport> {
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(AXE_SOURCE);
  const results = (await frame.evaluate('window.axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  const findings = results.violations.map((v) => ({ id: v.id, impact: v.impact ?? undefined, help: v.help, targets: v.nodes.map((n) => n.target.join(' > ')) }));
  const dir = join(RESULTS, 'e2e', 'axe');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ url: results.url, testEngine: results.testEngine, violations: results.violations }, null, 2));
  return { findings, blocking: findings.filter((f) => f.impact === 'serious' || f.impact === 'critical'), file };
}

/** One line per finding, for an assertion message or a log. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact ?? '?'} ${f.id}: ${f.help} (${f.targets.slice(0, 3).join('; ')}${f.targets.length > 3 ? '; …' : ''})`).join('\n');
}
