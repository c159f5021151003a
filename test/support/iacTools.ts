// The checks of exported templates that need Python tools (test/support/iac/iac_tools.py,
// in the venv prepare.ts makes from test/support/iac/requirements.txt): cfn-lint on a
// CloudFormation template, python-hcl2 on a Terraform file, a CloudFormation stack on moto.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';
import { ensureIacTools } from './prepare';

const SCRIPT = join(ROOT, 'test', 'support', 'iac', 'iac_tools.py');

/** Runs `run` with `text` written to a file named `name` in a folder removed afterwards. */
function withFile<T>(name: string, text: string, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'iac-check-'));
  try {
    const path = join(dir, name);
    writeFileSync(path, text);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function python(args: string[], timeoutMs = 120_000): string {
  const result = spawnSync(ensureIacTools(), [SCRIPT, ...args], { encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(`iac_tools.py ${args[0]} failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
  }
  return result.stdout;
}

/** cfn-lint's verdict on a template: ok when it reports nothing (exit 0), with its output. */
export function cfnLint(template: string): { ok: boolean; output: string } {
  return withFile('template.json', template, (path) => {
    // Through the venv's python, as its cfn-lint script does: that script's "#!" names the
    // folder the venv was made in, and breaks when the venv is shared from another checkout.
    const result = spawnSync(ensureIacTools(), ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())', path], { encoding: 'utf8', timeout: 120_000 });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  });
}

/** A Terraform file as python-hcl2 reads it (strings unquoted, heredocs as strings). */
export function parseHcl(text: string): Record<string, unknown> {
  return withFile('main.tf', text, (path) => JSON.parse(python(['hcl2json', path])) as Record<string, unknown>);
}

export interface DeployedStack {
  status: string;
  reason?: string;
  outputs: Record<string, string>;
}

/** Creates a CloudFormation stack from `template` on moto (boto3), and waits until it settles. */
export function deployStack(endpoint: string, template: string, stackName: string): DeployedStack {
  return withFile('template.json', template, (path) => JSON.parse(python(['deploy', endpoint, path, stackName])) as DeployedStack);
}
