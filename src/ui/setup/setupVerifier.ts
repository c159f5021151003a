// Run and Verify: makes Databend hold exactly the setup's connection and stage, then
// proves Databend can use them (LIST @stage, the test file's first row, then each action
// the access allows: list, read, write and delete under _databend_check/). Its own file:
// the form only reports what it says. Sentences go through @vscode/l10n, not vscode.l10n:
// unit tests load this file in plain Node.

import { randomUUID } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import type { AccessAction } from '../../core/accessChecks';
import { runAccessChecks } from '../../core/accessChecks';
import { backoffMs, diagnoseStageError } from '../../core/diagnose';
import type { ExpectedObjects } from '../../core/drift';
import { describeLocation, listInWords, setupLocations, StageLocation } from '../../core/locations';
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
    if (!login) throw new Error(l10n.t('Choose a saved Databend login in "Databend login" first.'));
    const role = await this.iamSetup.lookUpRole(fields.profile, fields.roleName);
    if (!role) throw new Error(l10n.t('There is no IAM role {0} yet: press Create in AWS first (its ARN goes into the connection).', fields.roleName));
    // The same refusal as Preview and Create: the form's path names another role ARN than IAM's.
    const wantedPath = normalizeRolePath(fields.rolePath);
    if (role.path !== wantedPath) throw new RolePathError(fields.roleName, role.path, wantedPath);
    if (!role.externalId) throw new Error(l10n.t('The role {0} requires no external ID: press Create in AWS to add one before Databend uses it.', fields.roleName));
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
    if (fields.externalId !== role.externalId) lines.push(l10n.t("The role trusts the external ID …{0}, not the form's: verified with the role's.", role.externalId.slice(-3)));

    const stageNames = locations.map((l) => l.stageName);
    progress(
      stageNames.length > 1
        ? l10n.t('Reading the connection {0} and the stages {1} on {2}…', fields.connectionName, listInWords(stageNames), login.name)
        : l10n.t('Reading the connection {0} and the stage {1} on {2}…', fields.connectionName, listInWords(stageNames), login.name),
    );
    const plan = await readSetupObjects(this.databend, session, fields.connectionName, stageNames, locations.map(expected));
    const differing = [
      ...(plan.connection.state === 'differs' ? [l10n.t('the connection {0} ({1})', fields.connectionName, plan.connection.drift.join('; '))] : []),
      ...plan.stages.flatMap((stage, i) => (stage.state === 'differs' ? [l10n.t('the stage {0} ({1})', stageNames[i], stage.drift.join('; '))] : [])),
    ];
    if (differing.length > 0 && !options.replace) {
      const many = differing.length > 1;
      await confirm(
        this.dialogs,
        'warning',
        many
          ? l10n.t('On {0}, {1} differ from this setup. Replace them?', login.name, listInWords(differing))
          : l10n.t('On {0}, {1} differs from this setup. Replace it?', login.name, differing[0]),
        l10n.t(
          'CREATE OR REPLACE gives them the role ARN and external ID of this setup. Whatever else used the old values stops working. A stage is always re-created after its connection, since it keeps a copy of the connection parameters.',
        ),
        l10n.t('Replace'),
        many ? l10n.t('Keep Them') : l10n.t('Keep It'),
      );
    }
    const changes = plan.connection.state !== 'same' || plan.stages.some((s) => s.state !== 'same');
    if (changes) {
      const statements = splitStatements(setupSqlFor({ ...fields, externalId: role.externalId }, role.arn, record?.region)).map((s) => s.text);
      // setupSql's order: the connection, then one CREATE STAGE per location.
      const [createConnection, ...createStages] = statements;
      const run = async (sql: string, what: string) => {
        progress(l10n.t('{0} on {1}…', what, login.name));
        await session.run(sql).catch((error: unknown) => {
          throw this.databend.explain(login, error);
        });
        lines.push(`✓ ${what}`);
      };
      if (plan.connection.state !== 'same') {
        await run(
          createConnection,
          plan.connection.state === 'missing' ? l10n.t('Created the connection {0}', fields.connectionName) : l10n.t('Replaced the connection {0}', fields.connectionName),
        );
      } else lines.push(l10n.t('The connection {0} already holds this role ARN and external ID: kept', fields.connectionName));
      for (const [i, stage] of plan.stages.entries()) {
        // A replaced connection does not reach its stages: each stage is re-created after it.
        if (stage.state !== 'same' || plan.connection.state !== 'same') {
          await run(createStages[i], stage.state === 'missing' ? l10n.t('Created the stage {0}', stageNames[i]) : l10n.t('Re-created the stage {0}', stageNames[i]));
        } else lines.push(l10n.t('The stage {0} already points at {1} with this role: kept', stageNames[i], describeLocation(locations[i])));
      }
    } else {
      lines.push(
        stageNames.length > 1
          ? l10n.t('The connection {0} and the stages {1} already match this setup: kept', fields.connectionName, listInWords(stageNames))
          : l10n.t('The connection {0} and the stage {1} already match this setup: kept', fields.connectionName, listInWords(stageNames)),
      );
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
    const all = listInWords(locations.map((l) => `@${l.stageName}`));
    const failedActions: string[] = [];
    try {
      for (const [index, location] of locations.entries()) {
        const stage = location.stageName;
        let listed: string[] = [];
        for (let attempt = 1; ; attempt++) {
          if (verifying.cancelled) throw new CancelledError();
          try {
            listed = (await session.rows(`LIST @${stage}`, LIST_LIMIT)).map((row) => String(row.name ?? ''));
            const count = listed.length === LIST_LIMIT ? `${LIST_LIMIT}+` : listed.length;
            lines.push(l10n.t('✓ LIST @{0}: {1} file(s), after {2} s', stage, count, Math.round((Date.now() - started) / 1000)));
            break;
          } catch (error) {
            const diagnosis = diagnoseStageError(errorMessage(error));
            const left = VERIFY_BUDGET_MS - (Date.now() - started);
            if (!diagnosis.retry || left <= 0) {
              return { ok: false, title: l10n.t('LIST @{0} failed', stage), lines: [...lines, diagnosis.text, errorMessage(error)] };
            }
            const pause = Math.min(backoffMs(attempt), left);
            progress(l10n.t('Waiting for IAM to accept the role: attempt {0} failed, retrying in {1} s ({2} s left)…', attempt, Math.round(pause / 1000), Math.round(left / 1000)));
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
              title: l10n.t('Databend lists @{0}, but {1} is not in it', stage, testFile),
              lines: [
                ...lines,
                listed.length
                  ? l10n.t('The stage holds {0} file(s): {1}. The test file is a path under the stage URL ({2}).', listed.length, `${seen}${listed.length > 5 ? ', …' : ''}`, describeLocation(location))
                  : l10n.t('The stage holds no file. The test file is a path under the stage URL ({0}).', describeLocation(location)),
              ],
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
            lines.push(
              row
                ? l10n.t('✓ {0}, first row: {1}', testFile, columns.map((name, i) => `${name} = ${row?.[i] ?? 'NULL'}`).join(', '))
                : l10n.t('✓ {0} has no rows', testFile),
            );
          } catch (error) {
            return { ok: false, title: l10n.t('Databend lists @{0}, but could not read {1}', stage, testFile), lines: [...lines, errorMessage(this.databend.explain(login, error))] };
          }
        }
        // Each action the access allows, as Databend does it (list, write, read, delete).
        progress(
          fields.access === 'readwrite'
            ? l10n.t('Checking what Databend may do in @{0}: list, read, write and delete…', stage)
            : l10n.t('Checking what Databend may do in @{0}: list, read…', stage),
        );
        const checks = await runAccessChecks(
          {
            stageName: stage,
            bucket: location.bucket,
            prefix: location.prefix,
            access: fields.access,
            testFile,
            runId: randomUUID(),
            ...(index > 0 && fields.testFile.trim() && { noFileReason: l10n.t('the test file is read from the first location only (@{0})', locations[0].stageName) }),
          },
          async (sql) => (await session.rows(sql, LIST_LIMIT)).length,
        );
        lines.push(many ? l10n.t('Per action in @{0}:', stage) : l10n.t('Per action:'), ...checks.map((c) => c.text));
        const failed = checks.filter((c) => c.outcome === 'failed').map((c) => actionWord(c.action));
        if (failed.length > 0) {
          const actions = failed.reduce((a, b) => l10n.t('{0} or {1}', a, b));
          failedActions.push(many ? l10n.t('{0} in @{1}', actions, stage) : l10n.t('{0} there', actions));
        }
      }
      if (failedActions.length > 0) return { ok: false, title: l10n.t('Databend lists {0}, but cannot {1}', all, failedActions.join('; ')), lines };
      return { ok: true, title: l10n.t('Verified: Databend lists {0}', all), lines };
    } finally {
      if (this.verifying === verifying) this.verifying = undefined;
    }
  }
}

/** Things in a sentence, each joined by "and": "@a and @b and @c", as the titles have always read. */
/** An access check's action as the verb after "cannot" ("cannot write or delete there"). */
function actionWord(action: AccessAction): string {
  switch (action) {
    case 'list':
      return l10n.t('list');
    case 'read':
      return l10n.t('read');
    case 'write':
      return l10n.t('write');
    case 'delete':
      return l10n.t('delete');
  }
}
