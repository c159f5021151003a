// "Databend: Set Up S3 Access with an IAM Role…": the form that does the whole guide.
// The webview validates and previews live; this side checks every message again before
// it reads AWS, changes anything or runs SQL.

import * as vscode from 'vscode';
import { backoffMs, diagnoseStageError } from '../../core/diagnose';
import { connectionDrift, ExpectedObjects, stageDrift } from '../../core/drift';
import { CancelledError, errorMessage, isCancelled } from '../../core/errors';
import { describeStep } from '../../core/plan';
import { toCell } from '../../core/cells';
import { policyJson } from '../../core/policies';
import { setupDefaults, setupPolicies, setupSqlFor, validateSetup } from '../../core/setupForm';
import { splitStatements } from '../../core/statements';
import { newExternalId } from '../../core/validate';
import { isSetupRequest, SETUP_LABELS, SetupFields, SetupMessage, SetupRequest } from '../../shared/protocol';
import type { AwsService } from '../awsService';
import type { DatabendService } from '../databendService';
import type { Dialogs } from '../dialogs';
import type { GeneratedDocuments } from '../generatedDocuments';
import type { IamSetup } from '../iamSetup';
import type { Logger } from '../logger';
import type { LoginStore } from '../loginStore';
import type { Login } from '../loginStore';
import { confirm } from '../prompts';
import type { RoleRecords } from '../roleRecords';
import { settings } from '../settings';
import { localResourceRoots, webviewHtml } from '../webviewHtml';

const LAST_INPUTS = 'databendIam.setup.lastInputs';
const VERIFY_BUDGET_MS = 60_000;

type Work = Extract<SetupRequest, { requestId: number }>;

/** A Run and Verify in progress: Cancel (or closing the form) stops its LIST retries. */
interface Verifying {
  cancelled: boolean;
  wake: () => void;
}

export class SetupPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private verifying: Verifying | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly aws: AwsService,
    private readonly iamSetup: IamSetup,
    private readonly records: RoleRecords,
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
    private readonly generated: GeneratedDocuments,
  ) {}

  open(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('databendIam.setup', 'Set Up S3 Access', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.context.extensionUri),
    });
    panel.webview.html = webviewHtml(panel.webview, this.context.extensionUri, { title: 'Set Up S3 Access', script: 'setup.js', style: 'setup.css', body: '<main id="app"></main>' });
    panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.cancelVerify();
    });
    this.panel = panel;
  }

  /**
   * Where the form's documents go: the column right of the form, one for all of them (an
   * existing one is reused), and the form keeps the focus so its outcome can be read.
   */
  private showBeside(name: string, content: string): Promise<vscode.TextEditor> {
    const form = this.panel?.viewColumn;
    const viewColumn = form === undefined ? vscode.ViewColumn.Beside : (Math.min(form + 1, vscode.ViewColumn.Nine) as vscode.ViewColumn);
    return this.generated.show(name, content, { viewColumn, preserveFocus: true });
  }

  private post(message: SetupMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isSetupRequest(message)) {
      this.logger.warn(`setup form: dropped a malformed message (${JSON.stringify(message)?.slice(0, 200)})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        return this.init();
      case 'identity':
        return this.identity(message.profile);
      case 'role':
        return this.role(message.profile, message.roleName);
      case 'cancel':
        this.cancelVerify();
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
      case 'remember':
        await this.remember(message.fields);
        return;
      default:
        return this.work(message);
    }
  }

  private async init(): Promise<void> {
    const remembered = this.context.globalState.get<Partial<SetupFields>>(LAST_INPUTS, {});
    let profiles: { name: string; description: string }[] = [];
    try {
      profiles = (await this.aws.load().listProfiles()).map((p) => ({ name: p.name, description: [p.kind, p.region, p.problem ? 'cannot give credentials' : undefined].filter(Boolean).join(', ') }));
    } catch (error) {
      this.logger.warn(`reading AWS profiles: ${errorMessage(error)}`);
    }
    const bucket = remembered.bucket ?? '';
    const defaults = setupDefaults(bucket, remembered.prefix ?? '');
    this.post({
      type: 'init',
      fields: {
        ...remembered,
        profile: remembered.profile ?? profiles[0]?.name ?? '',
        externalId: newExternalId(),
        roleName: remembered.roleName ?? (bucket ? defaults.roleName : ''),
        policyName: remembered.policyName ?? (bucket ? defaults.policyName : ''),
        databendLogin: remembered.databendLogin ?? this.store.active()?.id ?? '',
      },
      profiles,
      logins: this.store.list().map((c) => ({ id: c.id, name: c.name })),
    });
  }

  /** The last inputs, never a secret (there is none in the form). */
  private async remember(fields: SetupFields): Promise<void> {
    const { externalId: _fresh, ...kept } = fields;
    await this.context.globalState.update(LAST_INPUTS, kept);
  }

  private async identity(profile: string): Promise<void> {
    try {
      const who = await this.iamSetup.identity(profile);
      // An endpoint override sends every AWS call elsewhere: the user must see it where they choose the profile.
      const endpoint = settings.awsEndpointUrl();
      this.post({ type: 'identity', profile, text: `Account ${who.accountId} as ${who.arn}${endpoint ? ` (AWS calls go to ${endpoint}: setting databendIam.aws.endpointUrl)` : ''}` });
    } catch (error) {
      this.post({ type: 'identity', profile, error: errorMessage(error) });
    }
  }

  /** Tells the form what IAM holds for the role it names, so an existing external ID is kept. */
  private async role(profile: string, roleName: string): Promise<void> {
    try {
      const role = await this.iamSetup.lookUpRole(profile, roleName);
      this.post({ type: 'role', profile, roleName, exists: role !== undefined, externalId: role?.externalId });
    } catch (error) {
      // The identity line already says what is wrong with the profile.
      this.logger.debug(`reading the role ${roleName}: ${errorMessage(error)}`);
    }
  }

  private cancelVerify(): void {
    if (this.verifying) {
      this.verifying.cancelled = true;
      this.verifying.wake();
    }
  }

  private async work(request: Work): Promise<void> {
    const { requestId, fields } = request;
    const errors = validateSetup(fields);
    if (Object.keys(errors).length > 0) {
      this.post({ type: 'result', requestId, ok: false, title: 'Fix the highlighted fields first', lines: Object.entries(errors).map(([k, v]) => `${SETUP_LABELS[k as keyof SetupFields]}: ${v}`) });
      return;
    }
    try {
      await this.remember(fields);
      switch (request.type) {
        case 'preview':
          return await this.preview(requestId, fields);
        case 'create':
          return await this.create(requestId, fields);
        case 'sqlOnly':
          return await this.sqlOnly(requestId, fields);
        case 'verify':
          return await this.verify(requestId, fields);
      }
    } catch (error) {
      if (isCancelled(error)) {
        this.post({ type: 'result', requestId, ok: false, title: 'Cancelled: nothing was changed', lines: [] });
        return;
      }
      this.logger.error(`setup ${request.type} failed`, error);
      this.post({ type: 'result', requestId, ok: false, title: 'It did not work', lines: [errorMessage(error)] });
    }
  }

  private async preview(requestId: number, fields: SetupFields): Promise<void> {
    this.post({ type: 'progress', requestId, text: 'Reading the IAM role, the policy and the bucket…' });
    const prepared = await this.iamSetup.prepare(fields);
    const lines = prepared.plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`);
    if (prepared.bucket.message) lines.push(`Bucket: ${prepared.bucket.message}`);
    else lines.push(`Bucket: found${prepared.bucket.region ? ` in ${prepared.bucket.region}` : ''}.`);
    if (prepared.plan.unmanaged.length > 0) lines.push(`The existing ${prepared.plan.unmanaged.join(' and ')} was not created by this extension: you will be asked before it changes.`);
    this.post({
      type: 'result',
      requestId,
      ok: true,
      title: prepared.plan.steps.length === 0 ? `Nothing to change in account ${prepared.identity.accountId}` : `${prepared.plan.steps.length} change(s) in account ${prepared.identity.accountId}`,
      lines,
    });
  }

  private async create(requestId: number, fields: SetupFields): Promise<void> {
    this.post({ type: 'progress', requestId, text: 'Reading the IAM role, the policy and the bucket…' });
    let prepared = await this.iamSetup.prepare(fields);
    const rotation = await this.iamSetup.confirmRotation(prepared);
    if (rotation === 'keep') {
      // The role's current ID, read back from the plan: nothing changes for Databend.
      const kept = prepared.plan.steps.find((s) => s.kind === 'updateTrustPolicy' && s.rotatesExternalId);
      const current = kept?.kind === 'updateTrustPolicy' ? kept.rotatesExternalId?.from : undefined;
      if (current) {
        fields = { ...fields, externalId: current };
        this.post({ type: 'externalId', value: current });
        prepared = await this.iamSetup.prepare(fields);
      }
    }
    const confirmed = await this.iamSetup.confirmUnmanaged(prepared);
    const done: string[] = [];
    await this.iamSetup.apply(prepared, {
      confirmedUnmanaged: confirmed,
      onStep: (step, index, total) => {
        done.push(`✓ ${describeStep(step)}`);
        this.post({ type: 'progress', requestId, text: `${index + 1}/${total}: ${describeStep(step)}` });
      },
    });
    const sqlName = `setup-${fields.stageName}.sql`;
    await this.showBeside(sqlName, setupSqlFor(fields, prepared.plan.roleArn, prepared.bucket.region));
    const login = this.store.get(fields.databendLogin);
    if (rotation === 'rotate' && login) {
      // The user agreed to rotate, knowing the connection and its stages must follow: do it now.
      return this.verify(requestId, fields, { replace: true, before: [...done, `Role ARN: ${prepared.plan.roleArn}`] });
    }
    this.post({
      type: 'result',
      requestId,
      ok: true,
      title: prepared.plan.steps.length === 0 ? 'Nothing to change: the role and policy were already in place' : `Created in account ${prepared.identity.accountId}`,
      lines: [
        ...done,
        `Role ARN: ${prepared.plan.roleArn}`,
        rotation === 'rotate'
          ? `The external ID was rotated: run the SQL in ${sqlName} beside the form (Run All) to replace the connection and re-create the stage.`
          : `The Databend SQL is open beside the form (${sqlName}).`,
      ],
      canVerify: fields.databendLogin !== '',
    });
  }

  private async sqlOnly(requestId: number, fields: SetupFields): Promise<void> {
    const account = await this.iamSetup.identity(fields.profile).then(
      (who) => who,
      () => undefined,
    );
    const partition = account?.partition ?? 'aws';
    const roleArn = `arn:${partition}:iam::${account?.accountId ?? '000000000000'}:role/${fields.roleName}`;
    let sql = setupSqlFor(fields, roleArn);
    if (!account) {
      sql = `-- Replace <account-id> with the 12-digit AWS account that holds the role.\n${sql.replaceAll(':000000000000:', ':<account-id>:')}`;
    }
    const policies = setupPolicies(fields, partition as 'aws');
    const names = [`permission-policy-${fields.policyName}.json`, `trust-policy-${fields.roleName}.json`, `setup-${fields.stageName}.sql`];
    // One column beside the form for all three; the SQL, opened last, is the one in view.
    await this.showBeside(names[0], policyJson(policies.permissionPolicy, true));
    await this.showBeside(names[1], policyJson(policies.trustPolicy, true));
    await this.showBeside(names[2], sql);
    this.post({
      type: 'result',
      requestId,
      ok: true,
      title: 'Opened the permission policy, the trust policy and the SQL beside the form',
      lines: [
        `${names.join(', ')}.`,
        `Give the two JSON documents to your AWS administrator; the role must be named ${fields.roleName}.`,
        // They are read-only so they close without a save prompt; say how to change one.
        `To change one${account ? '' : ' (the SQL needs the account ID)'}: Open as Editable Copy, in the editor's title bar.`,
      ],
    });
  }

  /**
   * Run and Verify: makes Databend hold exactly the setup's connection and stage (an
   * existing one that differs is replaced only with the user's consent, or when `replace`
   * says it was given), then LIST @stage until IAM lets Databend in (60 s at most), then
   * the test file's first row. Works for any existing role, created now or before.
   */
  private async verify(requestId: number, fields: SetupFields, options: { replace?: boolean; before?: string[] } = {}): Promise<void> {
    const login = this.store.get(fields.databendLogin);
    if (!login) throw new Error('Choose a saved Databend login in "Databend login" first.');
    const role = await this.iamSetup.lookUpRole(fields.profile, fields.roleName);
    if (!role) throw new Error(`There is no IAM role ${fields.roleName} yet: press Create in AWS first (its ARN goes into the connection).`);
    if (!role.externalId) throw new Error(`The role ${fields.roleName} requires no external ID: press Create in AWS to add one before Databend uses it.`);
    const record = this.records.all().find((r) => r.roleArn === role.arn);
    // What AWS holds is the truth the connection must match.
    const expected: ExpectedObjects = { bucket: fields.bucket, prefix: fields.prefix, roleArn: role.arn, externalId: role.externalId, region: record?.region };
    const session = await this.databend.session(login);
    const lines: string[] = [...(options.before ?? [])];
    if (fields.externalId !== role.externalId) lines.push(`• The role trusts the external ID …${role.externalId.slice(-3)}, not the form's: verified with the role's.`);

    this.post({ type: 'progress', requestId, text: `Reading the connection ${fields.connectionName} and the stage ${fields.stageName} on ${login.name}…` });
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
        this.post({ type: 'progress', requestId, text: `${what} on ${login.name}…` });
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
    await this.listUntilAllowed(requestId, login, fields, lines);
  }

  /** Compares what Databend holds with what the setup would create. */
  private async compare(session: Awaited<ReturnType<DatabendService['session']>>, fields: SetupFields, expected: ExpectedObjects) {
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
  private async listUntilAllowed(requestId: number, login: Login, fields: SetupFields, lines: string[]): Promise<void> {
    const session = await this.databend.session(login);
    const verifying: Verifying = { cancelled: false, wake: () => undefined };
    this.verifying = verifying;
    const started = Date.now();
    try {
      for (let attempt = 1; ; attempt++) {
        if (verifying.cancelled) throw new CancelledError();
        try {
          const result = await session.run(`LIST @${fields.stageName}`, { maxRows: 1000 });
          lines.push(`✓ LIST @${fields.stageName}: ${result.rowCount} file(s), after ${Math.round((Date.now() - started) / 1000)} s`);
          break;
        } catch (error) {
          const diagnosis = diagnoseStageError(errorMessage(error));
          const left = VERIFY_BUDGET_MS - (Date.now() - started);
          if (!diagnosis.retry || left <= 0) {
            this.post({ type: 'result', requestId, ok: false, title: `LIST @${fields.stageName} failed`, lines: [...lines, diagnosis.text, errorMessage(error)] });
            return;
          }
          const pause = Math.min(backoffMs(attempt), left);
          this.post({ type: 'progress', requestId, text: `Waiting for IAM to accept the role: attempt ${attempt} failed, retrying in ${Math.round(pause / 1000)} s (${Math.round(left / 1000)} s left)…` });
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
        const [row] = await session.rows(`SELECT * FROM @${fields.stageName}/${testFile} LIMIT 1`, 1).catch((error: unknown) => {
          throw this.databend.explain(login, error);
        });
        lines.push(row ? `✓ ${testFile}, first row: ${Object.entries(row).map(([k, v]) => `${k} = ${toCell(v) ?? 'NULL'}`).join(', ')}` : `✓ ${testFile} is empty`);
      }
      this.post({ type: 'result', requestId, ok: true, title: `Verified: Databend lists @${fields.stageName}`, lines });
    } finally {
      if (this.verifying === verifying) this.verifying = undefined;
    }
  }

  dispose(): void {
    this.cancelVerify();
    this.panel?.dispose();
  }
}
