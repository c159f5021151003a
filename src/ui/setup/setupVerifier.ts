// Run and Verify: makes Databend hold exactly the setup's connection and stage, then
// proves Databend can use them (LIST @stage, the test file's first row, then each action
// the access allows: list, read, write and delete under _databend_check/). Its own file:
// the form only reports what it says.

import { randomUUID } from 'node:crypto';
import { runAccessChecks } from '../../core/accessChecks';
import { backoffMs, diagnoseStageError } from '../../core/diagnose';
import type { ExpectedObjects } from '../../core/drift';
import { describeLocation, setupLocations, StageLocation } from '../../core/locations';
import { CancelledError, errorMessage } from '../../core/errors';
import { RolePathError } from '../../core/plan';
import { normalizeRolePath } from '../../core/roleOptions';
import { setupSqlFor } from '../../core/setupForm';
import { stageFileStatements } from '../../core/sql';
import { splitStatements } from '../../core/statements';
import type { SetupFields } from '../../shared/protocol';
import type { DatabendService } from '../databendService';
import type { Dialogs } from '../dialogs';
import type { IamSetup } from '../iamSetup';
import type { Login, LoginStore } from '../loginStore';
import { confirm } from '../prompts';
import type { RoleRecords } from '../roleRecords';
import { readSetupObjects } from './setupObjects';

/** The most files LIST reads to find the test file. */
const LIST_LIMIT = 10_000;

/** How long LIST is retried while IAM propagates, in milliseconds. */
const VERIFY_BUDGET_MS = 60_000;

export interface VerifyOutcome {
  ok: boolean;
  title: string;
  lines: string[];
}

/** A Run and Verify in progress: Cancel (or closing the form) stops its LIST retries. */
interface Verifying {
  cancelled: boolean;
  wake: () => void;
}

export class SetupVerifier {
  private verifying: Verifying | undefined;

  constructor(
    private readonly iamSetup: IamSetup,
    private readonly records: RoleRecords,
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly dialogs: Dialogs,
  ) {}

  /** Stops the retries of a running verify (it ends with CancelledError). */
  cancel(): void {
    if (this.verifying) {
      this.verifying.cancelled = true;
      this.verifying.wake();
    }
  }

  /**
   * Run and Verify: makes Databend hold exactly the setup's connection and its stages, one
   * per location (an existing one that differs is replaced only with the user's consent, or
   * when `replace` says it was given), then LIST each stage until IAM lets Databend in (60 s
   * at most in all), the test file's first row (first stage), and each action per stage.
   * Works for any existing role, created now or before.
   * @throws RolePathError, before anything changes in Databend, when the role exists under
   * another path than the form's (as Preview and Create refuse: IAM cannot move a role).
   */
  async verify(fields: SetupFields, progress: (text: string) => void, options: { replace?: boolean; before?: string[] } = {}): Promise<VerifyOutcome> {
    const login = this.store.get(fields.databendLogin);
    if (!login) throw new Error('Choose a saved Databend login in "Databend login" first.');
    const role = await this.iamSetup.lookUpRole(fields.profile, fields.roleName);
    if (!role) throw new Error(`There is no IAM role ${fields.roleName} yet: press Create in AWS first (its ARN goes into the connection).`);
    // The same refusal as Preview and Create: the form's path names another role ARN than IAM's.
    const wantedPath = normalizeRolePath(fields.rolePath);
    if (role.path !== wantedPath) throw new RolePathError(fields.roleName, role.path, wantedPath);
    if (!role.externalId) throw new Error(`The role ${fields.roleName} requires no external ID: press Create in AWS to add one before Databend uses it.`);
    const record = this.records.all().find((r) => r.roleArn === role.arn);
    const locations = setupLocations(fields);
    // What AWS holds is the truth the connection must match.
    const expected = (location: StageLocation): ExpectedObjects => ({
      bucket: location.bucket,
      prefix: location.prefix,
      roleArn: role.arn,
      externalId: role.externalId as string,
      region: record?.region,
      endpointUrl: fields.endpointUrl || undefined,
    });
    const session = await this.databend.session(login);
    const lines: string[] = [...(options.before ?? [])];
    if (fields.externalId !== role.externalId) lines.push(`• The role trusts the external ID …${role.externalId.slice(-3)}, not the form's: verified with the role's.`);

    const stageNames = locations.map((l) => l.stageName);
    progress(`Reading the connection ${fields.connectionName} and the stage${stageNames.length > 1 ? 's' : ''} ${stageNames.join(', ')} on ${login.name}…`);
    const plan = await readSetupObjects(this.databend, session, fields.connectionName, stageNames, locations.map(expected));
    const differing = [
      ...(plan.connection.state === 'differs' ? [`the connection ${fields.connectionName} (${plan.connection.drift.join('; ')})`] : []),
      ...plan.stages.flatMap((stage, i) => (stage.state === 'differs' ? [`the stage ${stageNames[i]} (${stage.drift.join('; ')})`] : [])),
    ];
    if (differing.length > 0 && !options.replace) {
      const many = differing.length > 1;
      await confirm(
        this.dialogs,
        'warning',
        `On ${login.name}, ${differing.join(' and ')} ${many ? 'differ' : 'differs'} from this setup. Replace ${many ? 'them' : 'it'}?`,
        'CREATE OR REPLACE gives them the role ARN and external ID of this setup. Whatever else used the old values stops working. A stage is always re-created after its connection, since it keeps a copy of the connection parameters.',
        'Replace',
        many ? 'Keep Them' : 'Keep It',
      );
    }
    const changes = plan.connection.state !== 'same' || plan.stages.some((s) => s.state !== 'same');
    if (changes) {
      const statements = splitStatements(setupSqlFor({ ...fields, externalId: role.externalId }, role.arn, record?.region)).map((s) => s.text);
      // setupSql's order: the connection, then one CREATE STAGE per location.
      const [createConnection, ...createStages] = statements;
      const run = async (sql: string, what: string) => {
        progress(`${what} on ${login.name}…`);
        await session.run(sql).catch((error: unknown) => {
          throw this.databend.explain(login, error);
        });
        lines.push(`✓ ${what}`);
      };
      if (plan.connection.state !== 'same') await run(createConnection, `${plan.connection.state === 'missing' ? 'Created' : 'Replaced'} the connection ${fields.connectionName}`);
      else lines.push(`• The connection ${fields.connectionName} already holds this role ARN and external ID: kept`);
      for (const [i, stage] of plan.stages.entries()) {
        // A replaced connection does not reach its stages: each stage is re-created after it.
        if (stage.state !== 'same' || plan.connection.state !== 'same') await run(createStages[i], `${stage.state === 'missing' ? 'Created' : 'Re-created'} the stage ${stageNames[i]}`);
        else lines.push(`• The stage ${stageNames[i]} already points at ${describeLocation(locations[i])} with this role: kept`);
      }
    } else {
      lines.push(`• The connection ${fields.connectionName} and the stage${stageNames.length > 1 ? 's' : ''} ${stageNames.join(', ')} already match this setup: kept`);
    }
    const outcome = await this.listUntilAllowed(login, fields, lines, progress);
    // Remove IAM Role can then offer to drop what was made here.
    if (record && record.databendLogin !== login.id) await this.records.save({ ...record, databendLogin: login.id });
    return outcome;
  }

  /**
   * LIST of each stage, retried while IAM propagates (one budget for all); the test file's
   * first row (first stage); then each action per stage. Cancel stops the retries.
   */
  private async listUntilAllowed(login: Login, fields: SetupFields, lines: string[], progress: (text: string) => void): Promise<VerifyOutcome> {
    const session = await this.databend.session(login);
    const verifying: Verifying = { cancelled: false, wake: () => undefined };
    this.verifying = verifying;
    const started = Date.now();
    const locations = setupLocations(fields);
    const many = locations.length > 1;
    const all = locations.map((l) => `@${l.stageName}`).join(' and ');
    const failedActions: string[] = [];
    try {
      for (const [index, location] of locations.entries()) {
        const stage = location.stageName;
        let listed: string[] = [];
        for (let attempt = 1; ; attempt++) {
          if (verifying.cancelled) throw new CancelledError();
          try {
            listed = (await session.rows(`LIST @${stage}`, LIST_LIMIT)).map((row) => String(row.name ?? ''));
            lines.push(`✓ LIST @${stage}: ${listed.length === LIST_LIMIT ? `${LIST_LIMIT}+` : listed.length} file(s), after ${Math.round((Date.now() - started) / 1000)} s`);
            break;
          } catch (error) {
            const diagnosis = diagnoseStageError(errorMessage(error));
            const left = VERIFY_BUDGET_MS - (Date.now() - started);
            if (!diagnosis.retry || left <= 0) {
              return { ok: false, title: `LIST @${stage} failed`, lines: [...lines, diagnosis.text, errorMessage(error)] };
            }
            const pause = Math.min(backoffMs(attempt), left);
            progress(`Waiting for IAM to accept the role: attempt ${attempt} failed, retrying in ${Math.round(pause / 1000)} s (${Math.round(left / 1000)} s left)…`);
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pause);
              verifying.wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
        }
        // The test file is a path under the first location's stage.
        const testFile = index === 0 ? fields.testFile.trim().replace(/^\/+/, '') : '';
        if (testFile) {
          // A file that is not there must never pass as "empty": LIST names files relative to the stage.
          if (listed.length < LIST_LIMIT && !listed.includes(testFile)) {
            const seen = listed.slice(0, 5).join(', ');
            return {
              ok: false,
              title: `Databend lists @${stage}, but ${testFile} is not in it`,
              lines: [...lines, `The stage holds ${listed.length ? `${listed.length} file(s): ${seen}${listed.length > 5 ? ', …' : ''}` : 'no file'}. The test file is a path under the stage URL (${describeLocation(location)}).`],
            };
          }
          try {
            // Read in the file's own format (CSV, JSON, Parquet, … by its extension).
            // Columns in the file's order and values as the results grid shows them.
            let columns: string[] = [];
            let row: (string | null)[] | undefined;
            for (const sql of stageFileStatements(stage, testFile, { limit: 1 })) {
              row = undefined;
              await session.run(sql, { maxRows: 1, onColumns: (found) => (columns = found.map((c) => c.name)), onRows: (rows) => (row ??= rows[0]) });
            }
            lines.push(row ? `✓ ${testFile}, first row: ${columns.map((name, i) => `${name} = ${row?.[i] ?? 'NULL'}`).join(', ')}` : `✓ ${testFile} has no rows`);
          } catch (error) {
            return { ok: false, title: `Databend lists @${stage}, but could not read ${testFile}`, lines: [...lines, errorMessage(this.databend.explain(login, error))] };
          }
        }
        // Each action the access allows, as Databend does it (list, write, read, delete).
        progress(`Checking what Databend may do in @${stage}: list, read${fields.access === 'readwrite' ? ', write and delete' : ''}…`);
        const checks = await runAccessChecks(
          { stageName: stage, bucket: location.bucket, prefix: location.prefix, access: fields.access, testFile, runId: randomUUID() },
          async (sql) => (await session.rows(sql, LIST_LIMIT)).length,
        );
        lines.push(many ? `Per action in @${stage}:` : 'Per action:', ...checks.map((c) => c.text));
        const failed = checks.filter((c) => c.outcome === 'failed').map((c) => c.action);
        if (failed.length > 0) failedActions.push(many ? `${failed.join(' or ')} in @${stage}` : `${failed.join(' or ')} there`);
      }
      if (failedActions.length > 0) return { ok: false, title: `Databend lists ${all}, but cannot ${failedActions.join('; ')}`, lines };
      return { ok: true, title: `Verified: Databend lists ${all}`, lines };
    } finally {
      if (this.verifying === verifying) this.verifying = undefined;
    }
  }
}
