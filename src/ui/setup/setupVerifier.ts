// Run and Verify: makes Databend hold exactly the setup's connection and stage, then
// proves Databend can use them (LIST @stage, the test file's first row, then each action
// the access allows: list, read, write and delete under _databend_check/). Its own file:
// the form only reports what it says.

import { randomUUID } from 'node:crypto';
import { runAccessChecks } from '../../core/accessChecks';
import { backoffMs, diagnoseStageError } from '../../core/diagnose';
import { connectionDrift, ExpectedObjects, stageDrift } from '../../core/drift';
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

/** The most files LIST reads to find the test file. */
const LIST_LIMIT = 10_000;

/** How long LIST is retried while IAM propagates, in milliseconds. */
const VERIFY_BUDGET_MS = 60_000;

export interface VerifyOutcome {
  ok: boolean;
  title: string;
  lines: string[];
}

type Session = Awaited<ReturnType<DatabendService['session']>>;

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
   * Run and Verify: makes Databend hold exactly the setup's connection and stage (an
   * existing one that differs is replaced only with the user's consent, or when `replace`
   * says it was given), then LIST @stage until IAM lets Databend in (60 s at most), then
   * the test file's first row. Works for any existing role, created now or before.
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
    // What AWS holds is the truth the connection must match.
    const expected: ExpectedObjects = { bucket: fields.bucket, prefix: fields.prefix, roleArn: role.arn, externalId: role.externalId, region: record?.region, endpointUrl: fields.endpointUrl || undefined };
    const session = await this.databend.session(login);
    const lines: string[] = [...(options.before ?? [])];
    if (fields.externalId !== role.externalId) lines.push(`• The role trusts the external ID …${role.externalId.slice(-3)}, not the form's: verified with the role's.`);

    progress(`Reading the connection ${fields.connectionName} and the stage ${fields.stageName} on ${login.name}…`);
    const plan = await this.compare(session, fields, expected);
    const changes = plan.connection !== 'same' || plan.stage !== 'same';
    const replacing = [plan.connection === 'differs' ? `the connection ${fields.connectionName} (${plan.connectionDrift.join('; ')})` : '', plan.stage === 'differs' ? `the stage ${fields.stageName} (${plan.stageDrift.join('; ')})` : '']
      .filter(Boolean)
      .join(' and ');
    if (replacing && !options.replace) {
      await confirm(
        this.dialogs,
        'warning',
        `On ${login.name}, ${replacing} ${plan.connection === 'differs' && plan.stage === 'differs' ? 'differ' : 'differs'} from this setup. Replace ${plan.connection === 'differs' && plan.stage === 'differs' ? 'them' : 'it'}?`,
        'CREATE OR REPLACE gives them the role ARN and external ID of this setup. Whatever else used the old values stops working. A stage is always re-created after its connection, since it keeps a copy of the connection parameters.',
        'Replace',
        plan.connection === 'differs' && plan.stage === 'differs' ? 'Keep Them' : 'Keep It',
      );
    }
    if (changes) {
      const statements = splitStatements(setupSqlFor({ ...fields, externalId: role.externalId }, role.arn, record?.region)).map((s) => s.text);
      const [createConnection, createStage] = statements;
      const run = async (sql: string, what: string) => {
        progress(`${what} on ${login.name}…`);
        await session.run(sql).catch((error: unknown) => {
          throw this.databend.explain(login, error);
        });
        lines.push(`✓ ${what}`);
      };
      if (plan.connection !== 'same') await run(createConnection, `${plan.connection === 'missing' ? 'Created' : 'Replaced'} the connection ${fields.connectionName}`);
      else lines.push(`• The connection ${fields.connectionName} already holds this role ARN and external ID: kept`);
      // A replaced connection does not reach its stages: the stage is re-created after it.
      if (plan.stage !== 'same' || plan.connection !== 'same') await run(createStage, `${plan.stage === 'missing' ? 'Created' : 'Re-created'} the stage ${fields.stageName}`);
      else lines.push(`• The stage ${fields.stageName} already points at this bucket with this role: kept`);
    } else {
      lines.push(`• The connection ${fields.connectionName} and the stage ${fields.stageName} already match this setup: kept`);
    }
    return this.listUntilAllowed(login, fields, lines, progress);
  }

  /** Compares what Databend holds with what the setup would create. */
  private async compare(session: Session, fields: SetupFields, expected: ExpectedObjects) {
    const { listConnections } = this.databend.load();
    const existing = (await listConnections(session)).find((c) => c.name === fields.connectionName);
    const connectionDriftFound = existing ? connectionDrift({ storage_type: existing.storageType, storage_params: existing.storageParams }, expected) : [];
    let stageRow: Record<string, unknown> | undefined;
    try {
      [stageRow] = await session.rows(`DESC STAGE ${fields.stageName}`);
    } catch (error) {
      if (!/does not exist|unknown stage|\[2501\]/i.test(errorMessage(error))) throw error;
    }
    const stageDriftFound = stageRow ? stageDrift(stageRow, expected) : [];
    const state = (found: boolean, drift: string[]) => (!found ? 'missing' : drift.length > 0 ? 'differs' : 'same');
    return {
      connection: state(existing !== undefined, connectionDriftFound),
      connectionDrift: connectionDriftFound,
      stage: state(stageRow !== undefined, stageDriftFound),
      stageDrift: stageDriftFound,
    } as const;
  }

  /** LIST @stage, retried while IAM propagates; then the test file's first row. Cancel stops the retries. */
  private async listUntilAllowed(login: Login, fields: SetupFields, lines: string[], progress: (text: string) => void): Promise<VerifyOutcome> {
    const session = await this.databend.session(login);
    const verifying: Verifying = { cancelled: false, wake: () => undefined };
    this.verifying = verifying;
    const started = Date.now();
    let listed: string[] = [];
    try {
      for (let attempt = 1; ; attempt++) {
        if (verifying.cancelled) throw new CancelledError();
        try {
          listed = (await session.rows(`LIST @${fields.stageName}`, LIST_LIMIT)).map((row) => String(row.name ?? ''));
          lines.push(`✓ LIST @${fields.stageName}: ${listed.length === LIST_LIMIT ? `${LIST_LIMIT}+` : listed.length} file(s), after ${Math.round((Date.now() - started) / 1000)} s`);
          break;
        } catch (error) {
          const diagnosis = diagnoseStageError(errorMessage(error));
          const left = VERIFY_BUDGET_MS - (Date.now() - started);
          if (!diagnosis.retry || left <= 0) {
            return { ok: false, title: `LIST @${fields.stageName} failed`, lines: [...lines, diagnosis.text, errorMessage(error)] };
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
      const testFile = fields.testFile.trim().replace(/^\/+/, '');
      if (testFile) {
        // A file that is not there must never pass as "empty": LIST names files relative to the stage.
        if (listed.length < LIST_LIMIT && !listed.includes(testFile)) {
          const seen = listed.slice(0, 5).join(', ');
          return {
            ok: false,
            title: `Databend lists @${fields.stageName}, but ${testFile} is not in it`,
            lines: [...lines, `The stage holds ${listed.length ? `${listed.length} file(s): ${seen}${listed.length > 5 ? ', …' : ''}` : 'no file'}. The test file is a path under the stage URL (${fields.prefix ? `s3://${fields.bucket}/${fields.prefix}/` : `s3://${fields.bucket}/`}).`],
          };
        }
        try {
          // Read in the file's own format (CSV, JSON, Parquet, … by its extension).
          // Columns in the file's order and values as the results grid shows them.
          let columns: string[] = [];
          let row: (string | null)[] | undefined;
          for (const sql of stageFileStatements(fields.stageName, testFile, { limit: 1 })) {
            row = undefined;
            await session.run(sql, { maxRows: 1, onColumns: (found) => (columns = found.map((c) => c.name)), onRows: (rows) => (row ??= rows[0]) });
          }
          lines.push(row ? `✓ ${testFile}, first row: ${columns.map((name, i) => `${name} = ${row?.[i] ?? 'NULL'}`).join(', ')}` : `✓ ${testFile} has no rows`);
        } catch (error) {
          return { ok: false, title: `Databend lists @${fields.stageName}, but could not read ${testFile}`, lines: [...lines, errorMessage(this.databend.explain(login, error))] };
        }
      }
      // Each action the access allows, as Databend does it (list, write, read, delete).
      progress(`Checking what Databend may do in @${fields.stageName}: list, read${fields.access === 'readwrite' ? ', write and delete' : ''}…`);
      const checks = await runAccessChecks(
        { stageName: fields.stageName, bucket: fields.bucket, prefix: fields.prefix, access: fields.access, testFile: fields.testFile, runId: randomUUID() },
        async (sql) => (await session.rows(sql, LIST_LIMIT)).length,
      );
      lines.push('Per action:', ...checks.map((c) => c.text));
      const failed = checks.filter((c) => c.outcome === 'failed').map((c) => c.action);
      if (failed.length > 0) return { ok: false, title: `Databend lists @${fields.stageName}, but cannot ${failed.join(' or ')} there`, lines };
      return { ok: true, title: `Verified: Databend lists @${fields.stageName}`, lines };
    } finally {
      if (this.verifying === verifying) this.verifying = undefined;
    }
  }
}
