// "Databend: Set Up S3 Access with an IAM Role…": the form that does the whole guide.
// The webview validates and previews live; this side checks every message again before
// it reads AWS, changes anything or runs SQL.

import * as vscode from 'vscode';
import { backoffMs, diagnoseStageError } from '../../core/diagnose';
import { errorMessage, isCancelled } from '../../core/errors';
import { describeStep } from '../../core/plan';
import { policyJson } from '../../core/policies';
import { setupDefaults, setupPolicies, setupSqlFor, validateSetup } from '../../core/setupForm';
import { splitStatements } from '../../core/statements';
import { newExternalId } from '../../core/validate';
import { isSetupRequest, SETUP_LABELS, SetupFields, SetupMessage, SetupRequest } from '../../shared/protocol';
import type { AwsService } from '../awsService';
import type { DatabendService } from '../databendService';
import type { IamSetup } from '../iamSetup';
import type { Logger } from '../logger';
import type { LoginStore } from '../loginStore';
import type { RoleRecords } from '../roleRecords';
import { openSqlEditor } from '../sqlEditor';
import { localResourceRoots, webviewHtml } from '../webviewHtml';

const LAST_INPUTS = 'databendIam.setup.lastInputs';
const VERIFY_BUDGET_MS = 60_000;

type Work = Extract<SetupRequest, { requestId: number }>;

export class SetupPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly aws: AwsService,
    private readonly iamSetup: IamSetup,
    private readonly records: RoleRecords,
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly logger: Logger,
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
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
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
      profiles = (await this.aws.load().listProfiles()).map((p) => ({ name: p.name, description: [p.kind, p.region].filter(Boolean).join(', ') }));
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
      this.post({ type: 'identity', profile, text: `Account ${who.accountId} as ${who.arn}` });
    } catch (error) {
      this.post({ type: 'identity', profile, error: errorMessage(error) });
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
    const prepared = await this.iamSetup.prepare(fields);
    const confirmed = await this.iamSetup.confirmUnmanaged(prepared);
    const done: string[] = [];
    await this.iamSetup.apply(prepared, {
      confirmedUnmanaged: confirmed,
      onStep: (step, index, total) => {
        done.push(`✓ ${describeStep(step)}`);
        this.post({ type: 'progress', requestId, text: `${index + 1}/${total}: ${describeStep(step)}` });
      },
    });
    // Beside the form, so both stay in view.
    await openSqlEditor(setupSqlFor(fields, prepared.plan.roleArn, prepared.bucket.region), vscode.ViewColumn.Beside);
    this.post({
      type: 'result',
      requestId,
      ok: true,
      title: prepared.plan.steps.length === 0 ? 'Nothing to change: the role and policy were already in place' : `Created in account ${prepared.identity.accountId}`,
      lines: [...done, `Role ARN: ${prepared.plan.roleArn}`, 'The Databend SQL is open in a new editor.'],
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
    const json = async (content: string) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content }), { preview: false, viewColumn: vscode.ViewColumn.Beside });
    const policies = setupPolicies(fields, partition as 'aws');
    await json(policyJson(policies.permissionPolicy, true));
    await json(policyJson(policies.trustPolicy, true));
    await openSqlEditor(sql);
    this.post({ type: 'result', requestId, ok: true, title: 'Opened the permission policy, the trust policy and the SQL', lines: ['Give the two JSON documents to your AWS administrator; the role must be named ' + fields.roleName + '.'] });
  }

  /** Runs the connection and stage statements, then LIST @stage until IAM lets Databend in (60 s at most). */
  private async verify(requestId: number, fields: SetupFields): Promise<void> {
    const login = this.store.get(fields.databendLogin);
    if (!login) throw new Error('Choose a saved Databend login in "Databend login" first.');
    const record = this.records.all().find((r) => r.roleName === fields.roleName && r.bucket === fields.bucket);
    if (!record) throw new Error('Create the role first ("Create in AWS"): its ARN goes into the connection.');
    const session = await this.databend.session(login);
    const statements = splitStatements(setupSqlFor(fields, record.roleArn, record.region)).map((s) => s.text);
    const lines: string[] = [];
    for (const sql of statements.filter((s) => /^CREATE /i.test(s))) {
      this.post({ type: 'progress', requestId, text: `Running ${sql.split(' ').slice(0, 3).join(' ')} on ${login.name}…` });
      try {
        await session.run(sql);
        lines.push(`✓ ${sql.split(' ').slice(0, 3).join(' ')}`);
      } catch (error) {
        const message = errorMessage(error);
        if (!/already exists/i.test(message)) throw this.databend.explain(login, error);
        lines.push(`• ${sql.split(' ').slice(0, 3).join(' ')}: already exists, kept`);
      }
    }
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await session.run(`LIST @${fields.stageName}`, { maxRows: 1000 });
        this.post({ type: 'result', requestId, ok: true, title: `Verified: Databend lists @${fields.stageName}`, lines: [...lines, `✓ LIST @${fields.stageName}: ${result.rowCount} file(s), after ${Math.round((Date.now() - started) / 1000)} s`] });
        return;
      } catch (error) {
        const diagnosis = diagnoseStageError(errorMessage(error));
        const left = VERIFY_BUDGET_MS - (Date.now() - started);
        if (!diagnosis.retry || left <= 0) {
          this.post({ type: 'result', requestId, ok: false, title: `LIST @${fields.stageName} failed`, lines: [...lines, diagnosis.text, errorMessage(error)] });
          return;
        }
        const pause = Math.min(backoffMs(attempt), left);
        this.post({ type: 'progress', requestId, text: `Waiting for IAM to accept the role: attempt ${attempt} failed, retrying in ${Math.round(pause / 1000)} s (${Math.round(left / 1000)} s left)…` });
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
