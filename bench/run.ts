// npm run bench [-- --quick]: each case runs its baseline and the extension alternately,
// several times, and reports medians and ratios (these machines are noisy). --quick runs
// each case once on small sizes, to keep the benchmarks working in CI.

import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, GetPolicyCommand, GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { Client } from 'databend-driver';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AwsClients } from '../src/aws/clients';
import { SdkIamGateway } from '../src/aws/iamGateway';
import { applyPlan, planProvisioning } from '../src/aws/provision';
import { desiredState, DesiredInput } from '../src/core/desired';
import { splitStatements } from '../src/core/statements';
import { DatabendSession } from '../src/databend/session';
import { writeMotoProfiles } from '../test/support/awsProfiles';
import { startLocalDatabend } from '../test/support/databend';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS, startMoto } from '../test/support/moto';
import { NEWEST, ROOT } from '../test/support/paths';
import { runVscodeSuite } from '../test/support/runVscodeSuite';
import { sqlCorpus } from './sqlCorpus';

const quick = process.argv.includes('--quick');

interface Row {
  case: string;
  baseline: string;
  value: string;
  ratio?: number;
  goal: string;
  met?: boolean;
}
const rows: Row[] = [];
const raw: Record<string, unknown> = {};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

/** Alternates baseline and subject `runs` times each; returns their timings. */
async function alternate(runs: number, baseline: () => Promise<void> | void, subject: () => Promise<void> | void) {
  const base: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, into] of (i % 2 ? [[subject, ours], [baseline, base]] : [[baseline, base], [subject, ours]]) as [() => Promise<void> | void, number[]][]) {
      const started = performance.now();
      await fn();
      into.push(performance.now() - started);
    }
  }
  return { base, ours, ratio: median(ours) / median(base) };
}

async function activationAndCodeLens(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production'], { cwd: ROOT, stdio: 'ignore' });
  const bundle = statSync(join(ROOT, 'dist', 'extension.js')).size;
  const sessions = quick ? 1 : 4;
  const samples: { activationMs: number; baselineActivationMs: number; codeLensMs: number[]; codeLensCount: number; documentBytes: number; sdkOrDriverLoaded: boolean }[] = [];
  for (let i = 0; i < sessions; i++) {
    const out = join(tmpdir(), `bench-vscode-${process.pid}-${i}.json`);
    const results = await runVscodeSuite(
      NEWEST,
      {
        DATABEND_IAM_BENCH_ORDER: i % 2 ? 'baseline-first' : 'extension-first',
        DATABEND_IAM_BENCH_OUT: out,
        DATABEND_IAM_BENCH_STATEMENTS: String(quick ? 1000 : 10_000),
        DATABEND_IAM_BENCH_RUNS: String(quick ? 3 : 15),
      },
      { testDir: join(ROOT, 'bench', 'vscode'), outDir: join(ROOT, 'out', 'bench-vscode'), extraExtensions: [join(ROOT, 'bench', 'minimal-extension')] },
    );
    if (results.failed > 0 || results.crashed) throw new Error(`the extension-host benchmark failed: ${JSON.stringify(results.tests.filter((t) => t.state === 'failed'))}`);
    samples.push(JSON.parse(readFileSync(out, 'utf8')));
  }
  // The benchmark built a production bundle; the tests use the development one.
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const ours = median(samples.map((s) => s.activationMs));
  const base = median(samples.map((s) => s.baselineActivationMs));
  rows.push({ case: `Activation (${sessions} VS Code session${sessions > 1 ? 's' : ''})`, baseline: ms(base), value: ms(ours), ratio: ours / base, goal: 'ratio ≤ 2', met: ours / base <= 2 });
  rows.push({ case: 'dist/extension.js (minified)', baseline: '', value: `${(bundle / 1024).toFixed(1)} KB`, goal: '≤ 200 KB', met: bundle <= 200 * 1024 });
  rows.push({ case: 'AWS SDK or driver loaded by activation', baseline: '', value: samples.some((s) => s.sdkOrDriverLoaded) ? 'yes' : 'no', goal: 'no', met: !samples.some((s) => s.sdkOrDriverLoaded) });
  const lens = median(samples.flatMap((s) => s.codeLensMs));
  rows.push({ case: `provideCodeLenses, ${samples[0].codeLensCount - 1} statements (${(samples[0].documentBytes / 1e6).toFixed(2)} MB)`, baseline: '', value: ms(lens), goal: '≤ 30 ms', met: lens <= 30 });
  raw.activation = samples;
}

async function splitting(): Promise<void> {
  const text = sqlCorpus(quick ? 1000 : 10_000);
  let count = 0;
  const { base, ours, ratio } = await alternate(
    quick ? 3 : 31,
    () => {
      count = text.split(';').length;
    },
    () => {
      count = splitStatements(text).length;
    },
  );
  rows.push({ case: `splitStatements vs text.split(';'), ${(text.length / 1e6).toFixed(2)} MB`, baseline: ms(median(base)), value: ms(median(ours)), ratio, goal: 'ratio ≤ 4', met: ratio <= 4 });
  raw.splitting = { base, ours, statements: count };
}

async function streaming(): Promise<void> {
  const db = await startLocalDatabend();
  const rowsWanted = quick ? 20_000 : 1_000_000;
  const sql = `SELECT number, number::String, number * 1.5 FROM numbers(${rowsWanted})`;
  try {
    const conn = await new Client(db.dsn).getConn();
    const session = await DatabendSession.open(db.dsn);
    let seen = 0;
    const { base, ours, ratio } = await alternate(
      quick ? 1 : 3,
      async () => {
        const iterator = await conn.queryIter(sql);
        let n = 0;
        for (let row = await iterator.next(); row !== null; row = await iterator.next()) {
          if (row instanceof Error) throw row;
          row.values();
          n++;
        }
        seen = n;
      },
      async () => {
        const result = await session.run(sql, { batchSize: 500, onRows: () => undefined });
        if (result.rowCount !== seen) throw new Error(`the adapter saw ${result.rowCount} rows, the driver ${seen}`);
      },
    );
    rows.push({ case: `Streaming ${rowsWanted.toLocaleString()} rows × 3 columns (adapter + batching vs raw driver)`, baseline: ms(median(base)), value: ms(median(ours)), ratio, goal: 'ratio ≤ 1.15', met: ratio <= 1.15 });

    // Peak heap with the default row cap, rows kept as the results panel keeps them.
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
    const kept: unknown[] = [];
    await session.run(sql, { maxRows: 10_000, onRows: (batch) => kept.push(...batch) });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    rows.push({ case: 'Peak heap growth, row cap 10,000', baseline: '', value: `${((peak - before) / 1e6).toFixed(1)} MB (${kept.length.toLocaleString()} rows kept)`, goal: 'bounded by the cap' });
    raw.streaming = { base, ours };
    await conn.close();
    await session.close();
  } finally {
    await db.stop();
  }
}

async function provisioning(): Promise<void> {
  const moto = await startMoto();
  try {
    const input: DesiredInput = { accountId: MOTO_ACCOUNT, partition: 'aws', bucket: 'bench-bucket', databendRoleArn: 'arn:aws:iam::123456789012:role/x/tn/x-tn', externalId: 'bench-external-id', roleName: 'databend-bench', policyName: 'databend-bench' };
    const calls: string[] = [];
    const clients = new AwsClients({ profile: 'moto', endpoint: moto.endpoint, region: 'us-east-1', env: writeMotoProfiles(), onCall: (s, c) => calls.push(`${s} ${c}`) });
    const gateway = new SdkIamGateway(clients.iam());
    const ours = async (changes: Partial<DesiredInput> = {}) => {
      calls.length = 0;
      const { plan } = await planProvisioning(gateway, desiredState({ ...input, ...changes }));
      await applyPlan(gateway, plan);
      return [...calls];
    };
    const minimal = {
      fresh: ['GetRole', 'GetPolicy', 'CreatePolicy', 'CreateRole', 'AttachRolePolicy'],
      unchanged: ['GetRole', 'GetPolicy', 'GetPolicyVersion', 'ListAttachedRolePolicies'],
      externalId: ['GetRole', 'GetPolicy', 'GetPolicyVersion', 'ListAttachedRolePolicies', 'UpdateAssumeRolePolicy'],
    };
    const sorted = (list: string[]) => list.map((c) => c.replace(/^IAM /, '')).sort().join(',');
    await moto.reset();
    const counts = { fresh: await ours(), unchanged: await ours(), externalId: await ours({ externalId: 'another-external-id' }) };
    for (const [name, made] of Object.entries(counts)) {
      const expected = minimal[name as keyof typeof minimal];
      rows.push({ case: `AWS calls, ${name === 'externalId' ? 'external ID change' : name === 'fresh' ? 'fresh run' : 'unchanged re-run'}`, baseline: String(expected.length), value: String(made.length), goal: 'equal to the minimal sequence', met: sorted(made) === sorted(expected) });
    }

    // Wall time of a fresh run against the same calls made with the bare SDK.
    const bare = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    const desired = desiredState(input);
    const orMissing = (p: Promise<unknown>) => p.catch((e: unknown) => (e instanceof NoSuchEntityException ? undefined : Promise.reject(e)));
    const { base, ours: timed, ratio } = await alternate(
      quick ? 1 : 9,
      async () => {
        await moto.reset();
        await Promise.all([orMissing(bare.send(new GetRoleCommand({ RoleName: input.roleName }))), orMissing(bare.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${MOTO_ACCOUNT}:policy/${input.policyName}` })))]);
        const policy = await bare.send(new CreatePolicyCommand({ PolicyName: input.policyName, PolicyDocument: JSON.stringify(desired.permissionPolicy), Tags: [{ Key: 'databend-iam-role:managed', Value: 'true' }] }));
        await bare.send(new CreateRoleCommand({ RoleName: input.roleName, AssumeRolePolicyDocument: JSON.stringify(desired.trustPolicy), Tags: [{ Key: 'databend-iam-role:managed', Value: 'true' }] }));
        await bare.send(new AttachRolePolicyCommand({ RoleName: input.roleName, PolicyArn: policy.Policy?.Arn }));
      },
      async () => {
        await moto.reset();
        await ours();
      },
    );
    rows.push({ case: 'Fresh provisioning wall time (vs bare SDK calls)', baseline: ms(median(base)), value: ms(median(timed)), ratio, goal: 'ratio ≤ 1.3', met: ratio <= 1.3 });
    raw.provisioning = { counts, base, ours: timed };
    bare.destroy();
    clients.destroy();
  } finally {
    await moto.stop();
  }
}

function table(): string {
  const lines = ['| Case | Baseline | Extension | Ratio | Goal | Met |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    lines.push(`| ${r.case} | ${r.baseline} | ${r.value} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.goal} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  await activationAndCodeLens();
  await splitting();
  await streaming();
  await provisioning();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (--quick: one run each, small sizes)' : ''}`;
  const text = table();
  console.log(`\n${text}\n\nMachine: ${machine}. ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify({ quick, machine, rows, raw }, null, 2));
  if (!quick) {
    const readme = join(ROOT, 'README.md');
    const current = readFileSync(readme, 'utf8');
    const block = `<!-- bench:start -->\n${text}\n\nMachine: ${machine}.\n<!-- bench:end -->`;
    writeFileSync(readme, current.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
