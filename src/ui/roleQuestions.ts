// The questions of the role setup as quick inputs, asked the same way by every command
// that needs them (Create IAM Role for Databend…, Export Setup as CloudFormation… /
// Terraform…): profile → who it is → bucket, prefix, access, Databend's role ARN, role
// and policy names → external ID (an existing role's is offered, so a re-run keeps it) →
// with the setting databendIam.setup.askOrganizationRequirements, permissions boundary,
// role path and tags (an existing role's boundary and path are kept without asking otherwise).

import * as vscode from 'vscode';
import type * as Aws from '../aws/index';
import { deriveNames } from '../core/names';
import type { Access } from '../core/policies';
import { validatePermissionsBoundary, validateRolePath, validateRoleTags } from '../core/roleOptions';
import { normalizePrefix, validateIamName, validateRoleArn } from '../core/validate';
import type { AwsService } from './awsService';
import type { Dialogs } from './dialogs';
import type { IamSetup, IamSetupFields } from './iamSetup';
import { commonQuestions, Wizard } from './prompts';
import { settings } from './settings';

const STEPS = 8;
/** The organization's requirements: permissions boundary, role path, tags. */
const ORGANIZATION_STEPS = 3;

/** How one command words the flow: its title and what the profile is for. */
export interface RoleQuestionsWording {
  title: string;
  /** The profile pick's placeholder, e.g. "AWS profile to create the role with". */
  profilePrompt: string;
}

export interface RoleAnswers {
  /** The answers as setup values; connection and stage names are the defaults for the bucket. */
  fields: IamSetupFields;
  identity: Aws.CallerIdentity;
  /** The external ID the existing role trusts, when the role exists. */
  existingExternalId?: string;
}

/**
 * Asks the eight questions through `dialogs`. @throws CancelledError when the user presses
 * Escape; an Error explaining a profile that cannot sign in.
 */
export async function askRoleQuestions(aws: AwsService, iamSetup: IamSetup, dialogs: Dialogs, wording: RoleQuestionsWording): Promise<RoleAnswers> {
  // Read first: the profile step already shows the total number of steps.
  const organization = settings.askOrganizationRequirements();
  const total = organization ? STEPS + ORGANIZATION_STEPS : STEPS;
  const profile = await pickProfile(aws, new Wizard(dialogs, wording.title, total), wording.profilePrompt);
  const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: profile ? vscode.l10n.t('Checking the AWS profile {0}…', profile) : vscode.l10n.t('Checking the AWS profile (default)…') }, () =>
    iamSetup.identity(profile),
  );
  const ask = new Wizard(dialogs, vscode.l10n.t('{0} — account {1}', wording.title, identity.accountId), total);

  const bucket = await ask.text(2, commonQuestions.bucket(vscode.l10n.t('S3 bucket for Databend (signed in as {0})', identity.arn)));
  const prefix = normalizePrefix(await ask.text(3, commonQuestions.prefix()));
  const access = await pickAccess(ask);
  const databendRoleArn = await ask.text(5, {
    prompt: vscode.l10n.t("Databend's role ARN for your organization (from Databend Cloud support)"),
    placeholder: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
    validate: validateRoleArn,
  });
  const defaults = deriveNames(bucket, prefix);
  const roleName = await ask.text(6, { prompt: vscode.l10n.t('Name of the IAM role to create'), value: defaults.roleName, validate: (v) => validateIamName(v, 'role') });
  const policyName = await ask.text(7, { prompt: vscode.l10n.t('Name of the IAM policy to create'), value: defaults.policyName, validate: (v) => validateIamName(v, 'policy') });
  // An existing role's external ID is what Databend presents today: offered, so a re-run keeps it.
  const existing = await iamSetup.lookUpRole(profile, roleName).catch(() => undefined);
  const externalId = await ask.text(
    8,
    existing?.externalId
      ? {
          ...commonQuestions.externalId(vscode.l10n.t('External ID: kept from the existing role {0} (changing it breaks the Databend connection that presents it)', roleName)),
          value: existing.externalId,
        }
      : commonQuestions.externalId(vscode.l10n.t('External ID: Databend must present it to assume the role (a fresh one is offered)')),
  );
  // IAM cannot move a role, and an empty boundary would remove the role's: both are kept unless asked.
  const kept = { permissionsBoundary: existing?.permissionsBoundary ?? '', rolePath: existing && existing.path !== '/' ? existing.path : '', roleTags: '' };
  const requirements = organization ? await askOrganizationRequirements(ask, kept, existing !== undefined, identity.partition) : kept;
  return {
    fields: {
      profile,
      bucket,
      prefix,
      access,
      databendRoleArn,
      roleName,
      policyName,
      externalId,
      connectionName: defaults.connectionName,
      stageName: defaults.stageName,
      kmsKeyArn: '',
      testFile: '',
      endpointUrl: '',
      ...requirements,
    },
    identity,
    existingExternalId: existing?.externalId,
  };
}

/** Steps 9 to 11: what an organization may require of every new role; each may stay empty. */
async function askOrganizationRequirements(ask: Wizard, kept: { permissionsBoundary: string; rolePath: string }, roleExists: boolean, partition: string) {
  const permissionsBoundary = await ask.text(STEPS + 1, {
    prompt: roleExists
      ? vscode.l10n.t("Permissions boundary: the ARN of the managed policy your organization requires on new roles (optional; empty removes the role's boundary)")
      : vscode.l10n.t('Permissions boundary: the ARN of the managed policy your organization requires on new roles (optional)'),
    placeholder: 'arn:aws:iam::123456789012:policy/OrgBoundary',
    value: kept.permissionsBoundary,
    validate: (v) => validatePermissionsBoundary(v, partition),
  });
  const rolePath = await ask.text(STEPS + 2, {
    prompt: roleExists ? vscode.l10n.t("Role path (the existing role's; IAM cannot move a role to another path)") : vscode.l10n.t('Role path, such as /databend/ (optional: empty for /)'),
    placeholder: '/databend/',
    value: kept.rolePath,
    validate: validateRolePath,
  });
  const roleTags = await ask.text(STEPS + 3, {
    prompt: vscode.l10n.t('Tags for the role and the policy, as key=value separated by commas (optional)'),
    placeholder: 'team=data, cost-center=1234',
    validate: validateRoleTags,
  });
  return { permissionsBoundary, rolePath, roleTags };
}

async function pickProfile(aws: AwsService, ask: Wizard, placeholder: string): Promise<string> {
  const profiles = await aws.load().listProfiles();
  const items: (vscode.QuickPickItem & { profile: string })[] = profiles.map((p) => ({
    label: p.name,
    description: [p.kind, p.region, p.isDefault ? vscode.l10n.t('default') : undefined, p.otherPartition ? vscode.l10n.t('{0}: Databend Cloud cannot use it', p.otherPartition) : undefined]
      .filter(Boolean)
      .join(' · '),
    // A profile that cannot give credentials says why before anything is asked of AWS.
    detail: p.problem ? vscode.l10n.t('$(warning) {0}', p.problem) : p.needsMfa ? vscode.l10n.t('Asks for an MFA code') : undefined,
    profile: p.name,
  }));
  items.push({ label: vscode.l10n.t('Default credential chain'), description: vscode.l10n.t('environment variables, AWS_PROFILE, instance role'), profile: '' });
  return (await ask.pick(1, placeholder, items)).profile;
}

async function pickAccess(ask: Wizard): Promise<Access> {
  const picked = await ask.pick(4, vscode.l10n.t('What may Databend do in the bucket?'), [
    { label: vscode.l10n.t('Read and write'), description: vscode.l10n.t('list, read, write and delete objects'), access: 'readwrite' as const },
    { label: vscode.l10n.t('Read only'), description: vscode.l10n.t('list and read objects'), access: 'read' as const },
  ]);
  return picked.access;
}
