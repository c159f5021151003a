// "Databend: Set Up S3 Access with an IAM Role…": the form that does the whole guide.
// The webview validates and previews live; this side checks every message again before
// it reads AWS, changes anything or runs SQL.

import * as vscode from 'vscode';
import { errorMessage, isCancelled } from '../../core/errors';
import { describeStep } from '../../core/plan';
import { policyJson } from '../../core/policies';
import { analyzerBlocks, describeAnalyzer } from '../../core/analyzerFindings';
import { normalizeSetup, setupDefaults, setupPolicies, setupSqlFor, validateSetup } from '../../core/setupForm';
import { newExternalId } from '../../core/validate';
import { isSetupRequest, errorFieldLabel, SetupFields, SetupMessage, SetupRequest } from '../../shared/protocol';
import type { AwsService } from '../awsService';
import type { GeneratedDocuments } from '../generatedDocuments';
import type { IamSetup } from '../iamSetup';
import type { Logger } from '../logger';
import type { LoginStore } from '../loginStore';
import { IAC_FORMAT_NAMES, iacNextSteps, SetupExport } from '../setupExport';
import { settings } from '../settings';
import { localResourceRoots, webviewHtml } from '../webviewHtml';
import type { SetupVerifier } from './setupVerifier';

const LAST_INPUTS = 'databendIam.setup.lastInputs';

type Work = Extract<SetupRequest, { requestId: number }>;

export class SetupPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly aws: AwsService,
    private readonly iamSetup: IamSetup,
    private readonly store: LoginStore,
    private readonly verifier: SetupVerifier,
    private readonly logger: Logger,
    private readonly generated: GeneratedDocuments,
    private readonly exporter: SetupExport,
  ) {}

  open(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const title = vscode.l10n.t('Set Up S3 Access');
    const panel = vscode.window.createWebviewPanel('databendIam.setup', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.context.extensionUri),
    });
    panel.webview.html = webviewHtml(panel.webview, this.context.extensionUri, { title, script: 'setup.js', style: 'setup.css', body: '<main id="app"></main>' });
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
    return this.generated.show(name, content, { viewColumn: this.besideColumn(), preserveFocus: true });
  }

  private besideColumn(): vscode.ViewColumn {
    const form = this.panel?.viewColumn;
    return form === undefined ? vscode.ViewColumn.Beside : (Math.min(form + 1, vscode.ViewColumn.Nine) as vscode.ViewColumn);
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
        return this.role(message.profile, message.roleName.trim());
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
      profiles = (await this.aws.load().listProfiles()).map((p) => ({ name: p.name, description: [
          p.kind,
          p.region,
          p.problem ? vscode.l10n.t('cannot give credentials') : undefined,
          p.otherPartition ? vscode.l10n.t('{0}: Databend Cloud cannot use it', p.otherPartition) : undefined,
        ]
          .filter(Boolean)
          .join(', '),
      }));
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
        // Undefined (not '') when unknown: the form then keeps whatever follows the bucket.
        roleName: remembered.roleName ?? (bucket ? defaults.roleName : undefined),
        policyName: remembered.policyName ?? (bucket ? defaults.policyName : undefined),
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
      const text = endpoint
        ? vscode.l10n.t('Account {0} as {1} (AWS calls go to {2}: setting databendIam.aws.endpointUrl)', who.accountId, who.arn, endpoint)
        : vscode.l10n.t('Account {0} as {1}', who.accountId, who.arn);
      this.post({ type: 'identity', profile, partition: who.partition, text });
    } catch (error) {
      this.post({ type: 'identity', profile, error: errorMessage(error) });
    }
  }

  /** Tells the form what IAM holds for the role it names, so an existing external ID is kept. */
  private async role(profile: string, roleName: string): Promise<void> {
    try {
      const role = await this.iamSetup.lookUpRole(profile, roleName);
      this.post({ type: 'role', profile, roleName, exists: role !== undefined, externalId: role?.externalId, path: role?.path, permissionsBoundary: role?.permissionsBoundary });
    } catch (error) {
      // The identity line already says what is wrong with the profile.
      this.logger.debug(`reading the role ${roleName}: ${errorMessage(error)}`);
    }
  }

  private cancelVerify(): void {
    this.verifier.cancel();
  }

  private async work(request: Work): Promise<void> {
    const { requestId } = request;
    // Blanks around a pasted bucket name are fine in the form, never in a request or a comparison.
    const fields = normalizeSetup(request.fields);
    const errors = validateSetup(fields);
    if (Object.keys(errors).length > 0) {
      this.post({ type: 'result', requestId, ok: false, title: vscode.l10n.t('Fix the highlighted fields first'), lines: Object.entries(errors).map(([k, v]) => `${errorFieldLabel(k)}: ${v}`) });
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
        case 'export':
          return await this.export(requestId, fields, request.format);
      }
    } catch (error) {
      if (isCancelled(error)) {
        this.post({ type: 'result', requestId, ok: false, title: vscode.l10n.t('Cancelled: nothing was changed'), lines: [] });
        return;
      }
      this.logger.error(`setup ${request.type} failed`, error);
      this.post({ type: 'result', requestId, ok: false, title: vscode.l10n.t('It did not work'), lines: [errorMessage(error)] });
    }
  }

  private async preview(requestId: number, fields: SetupFields): Promise<void> {
    this.post({ type: 'progress', requestId, text: vscode.l10n.t('Reading the IAM role, the policy and the bucket…') });
    const prepared = await this.iamSetup.prepare(fields);
    const lines = prepared.plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`);
    lines.push(...(prepared.plan.notes ?? []));
    lines.push(...this.iamSetup.describeBuckets(prepared));
    if (prepared.plan.unmanaged.length > 0) lines.push(unmanagedLine(prepared.plan.unmanaged));
    // What Create in AWS will ask about: a location this setup leaves out, or another setup's role.
    const other = prepared.plan.otherLocation[0];
    if (other?.lost !== undefined) lines.push(vscode.l10n.t('{0} loses access: Create in AWS asks first.', other.lost));
    else if (other) lines.push(vscode.l10n.t('The role or policy was made for {0}: Create in AWS asks first.', other.location));
    lines.push(...this.iamSetup.describeChecks(prepared, vscode.l10n.t('Policy checks (offline, of the generated documents):')));
    const failed = prepared.checks.some((c) => !c.passed);
    const blocked = failed || analyzerBlocks(prepared.analyzer);
    const changes =
      prepared.plan.steps.length === 0
        ? vscode.l10n.t('Nothing to change in account {0}', prepared.identity.accountId)
        : vscode.l10n.t('{0} change(s) in account {1}', prepared.plan.steps.length, prepared.identity.accountId);
    this.post({
      type: 'result',
      requestId,
      ok: !blocked,
      title: !blocked
        ? changes
        : failed
          ? vscode.l10n.t('{0}, but a policy check failed: Create in AWS is blocked', changes)
          : vscode.l10n.t('{0}, but IAM Access Analyzer reported a blocking finding: Create in AWS is blocked', changes),
      lines,
    });
  }

  private async create(requestId: number, fields: SetupFields): Promise<void> {
    this.post({ type: 'progress', requestId, text: vscode.l10n.t('Reading the IAM role, the policy and the bucket…') });
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
    this.iamSetup.assertChecksPass(prepared.checks, prepared.analyzer);
    await this.iamSetup.confirmMissingBuckets(prepared);
    const confirmed = await this.iamSetup.confirmUnmanaged(prepared);
    const otherLocation = await this.iamSetup.confirmOtherLocation(prepared);
    if (rotation === 'none' && !otherLocation) await this.iamSetup.confirmChangesToExisting(prepared);
    const done: string[] = [];
    await this.iamSetup.apply(prepared, {
      confirmedUnmanaged: confirmed,
      confirmedOtherLocation: otherLocation,
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
      return this.verify(requestId, fields, { replace: true, before: [...done, vscode.l10n.t('Role ARN: {0}', prepared.plan.roleArn)] });
    }
    this.post({
      type: 'result',
      requestId,
      ok: true,
      title:
        prepared.plan.steps.length === 0
          ? vscode.l10n.t('Nothing to change: the role and policy were already in place')
          : prepared.plan.steps.some((s) => s.kind === 'createRole')
            ? vscode.l10n.t('Created in account {0}', prepared.identity.accountId)
            : vscode.l10n.t('Applied {0} change(s) in account {1}', prepared.plan.steps.length, prepared.identity.accountId),
      lines: [
        ...done,
        ...(prepared.plan.notes ?? []),
        vscode.l10n.t('Role ARN: {0}', prepared.plan.roleArn),
        rotation === 'rotate'
          ? vscode.l10n.t('The external ID was rotated: run the SQL in {0} beside the form (Run All) to replace the connection and re-create the stage.', sqlName)
          : vscode.l10n.t('The Databend SQL is open beside the form ({0}).', sqlName),
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
    const roleArn = `arn:${partition}:iam::${account?.accountId ?? '000000000000'}:role${fields.rolePath || '/'}${fields.roleName}`;
    let sql = setupSqlFor(fields, roleArn);
    if (!account) {
      // A comment of the generated SQL: stays English, as the SQL does (src/core/sql.ts).
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
      title: vscode.l10n.t('Opened the permission policy, the trust policy and the SQL beside the form'),
      lines: [
        `${names.join(', ')}.`,
        fields.rolePath
          ? vscode.l10n.t('Give the two JSON documents to your AWS administrator; the role must be named {0} under the path {1}.', fields.roleName, fields.rolePath)
          : vscode.l10n.t('Give the two JSON documents to your AWS administrator; the role must be named {0}.', fields.roleName),
        ...(fields.permissionsBoundary ? [vscode.l10n.t('Permissions boundary of the role: {0}.', fields.permissionsBoundary)] : []),
        ...(fields.roleTags ? [vscode.l10n.t('Tags of the role and the policy: {0}.', fields.roleTags)] : []),
        // They are read-only so they close without a save prompt; say how to change one.
        account
          ? vscode.l10n.t("To change one: Open as Editable Copy, in the editor's title bar.")
          : vscode.l10n.t("To change one (the SQL needs the account ID): Open as Editable Copy, in the editor's title bar."),
      ],
    });
  }

  /**
   * Export as CloudFormation / Terraform: the template of what Create in AWS would make for
   * these values (the same checks first), in an untitled editor beside the form, which
   * keeps the focus. Changes nothing in AWS.
   */
  private async export(requestId: number, fields: SetupFields, format: 'cloudformation' | 'terraform'): Promise<void> {
    const name = IAC_FORMAT_NAMES[format];
    const cloudFormation = format === 'cloudformation';
    this.post({
      type: 'progress',
      requestId,
      text: cloudFormation ? vscode.l10n.t('Writing the {0} template…', name) : vscode.l10n.t('Writing the {0} configuration…', name),
    });
    const outcome = await this.exporter.open(fields, format, undefined, { viewColumn: this.besideColumn(), preserveFocus: true });
    this.post({
      type: 'result',
      requestId,
      ok: true,
      title: vscode.l10n.t('Opened {0} beside the form: nothing was changed in AWS', outcome.fileName),
      lines: [
        cloudFormation
          ? vscode.l10n.t('The {0} template for the role {1}; every policy check passed.', name, fields.roleName)
          : vscode.l10n.t('The {0} configuration for the role {1}; every policy check passed.', name, fields.roleName),
        ...describeAnalyzer(outcome.analyzer),
        ...(outcome.region ? [] : [vscode.l10n.t('The bucket {0} could not be checked: the SQL output has no REGION.', fields.bucket)]),
        iacNextSteps(format),
      ],
    });
  }

  /** Run and Verify, reported in the form. */
  private async verify(requestId: number, fields: SetupFields, options: { replace?: boolean; before?: string[] } = {}): Promise<void> {
    const outcome = await this.verifier.verify(fields, (text) => this.post({ type: 'progress', requestId, text }), options);
    this.post({ type: 'result', requestId, ...outcome });
  }

  dispose(): void {
    this.cancelVerify();
    this.panel?.dispose();
  }
}

/** The plan's line about existing resources this extension did not create, a whole sentence for each case. */
function unmanagedLine(unmanaged: readonly ('role' | 'policy')[]): string {
  if (unmanaged.length > 1) {
    return unmanaged[0] === 'policy'
      ? vscode.l10n.t('The existing policy and role was not created by this extension: you will be asked before it changes.')
      : vscode.l10n.t('The existing role and policy was not created by this extension: you will be asked before it changes.');
  }
  return unmanaged[0] === 'role'
    ? vscode.l10n.t('The existing role was not created by this extension: you will be asked before it changes.')
    : vscode.l10n.t('The existing policy was not created by this extension: you will be asked before it changes.');
}
