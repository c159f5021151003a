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
  const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the AWS profile ${profile || '(default)'}…` }, () =>
    iamSetup.identity(profile),
  );
  const ask = new Wizard(dialogs, `${wording.title} — account ${identity.accountId}`, total);

  const bucket = await ask.text(2, commonQuestions.bucket(`S3 bucket for Databend (signed in as ${identity.arn})`));
  const prefix = normalizePrefix(await ask.text(3, commonQuestions.prefix()));
  const access = await pickAccess(ask);
  const databendRoleArn = await ask.text(5, {
    prompt: "Databend's role ARN for your organization (from Databend Cloud support)",
    placeholder: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
    validate: validateRoleArn,
  });
  const defaults = deriveNames(bucket, prefix);
  const roleName = await ask.text(6, { prompt: 'Name of the IAM role to create', value: defaults.roleName, validate: (v) => validateIamName(v, 'role') });
  const policyName = await ask.text(7, { prompt: 'Name of the IAM policy to create', value: defaults.policyName, validate: (v) => validateIamName(v, 'policy') });
  // An existing role's external ID is what Databend presents today: offered, so a re-run keeps it.
  const existing = await iamSetup.lookUpRole(profile, roleName).catch(() => undefined);
  const externalId = await ask.text(
    8,
    existing?.externalId
      ? { ...commonQuestions.externalId(`External ID: kept from the existing role ${roleName} (changing it breaks the Databend connection that presents it)`), value: existing.externalId }
      : commonQuestions.externalId('External ID: Databend must present it to assume the role (a fresh one is offered)'),
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
    prompt: `Permissions boundary: the ARN of the managed policy your organization requires on new roles (optional${roleExists ? '; empty removes the role\'s boundary' : ''})`,
    placeholder: 'arn:aws:iam::123456789012:policy/OrgBoundary',
    value: kept.permissionsBoundary,
    validate: (v) => validatePermissionsBoundary(v, partition),
  });
  const rolePath = await ask.text(STEPS + 2, {
    prompt: roleExists ? 'Role path (the existing role\'s; IAM cannot move a role to another path)' : 'Role path, such as /databend/ (optional: empty for /)',
    placeholder: '/databend/',
    value: kept.rolePath,
    validate: validateRolePath,
  });
  const roleTags = await ask.text(STEPS + 3, {
    prompt: 'Tags for the role and the policy, as key=value separated by commas (optional)',
    placeholder: 'team=data, cost-center=1234',
    validate: validateRoleTags,
  });
  return { permissionsBoundary, rolePath, roleTags };
}

async function pickProfile(aws: AwsService, ask: Wizard, placeholder: string): Promise<string> {
  const profiles = await aws.load().listProfiles();
  const items: (vscode.QuickPickItem & { profile: string })[] = profiles.map((p) => ({
    label: p.name,
    description: [p.kind, p.region, p.isDefault ? 'default' : undefined, p.otherPartition ? `${p.otherPartition}: Databend Cloud cannot use it` : undefined].filter(Boolean).join(' · '),
    // A profile that cannot give credentials says why before anything is asked of AWS.
    detail: p.problem ? `$(warning) ${p.problem}` : p.needsMfa ? 'Asks for an MFA code' : undefined,
    profile: p.name,
  }));
  items.push({ label: 'Default credential chain', description: 'environment variables, AWS_PROFILE, instance role', profile: '' });
  return (await ask.pick(1, placeholder, items)).profile;
}

async function pickAccess(ask: Wizard): Promise<Access> {
  const picked = await ask.pick(4, 'What may Databend do in the bucket?', [
    { label: 'Read and write', description: 'list, read, write and delete objects', access: 'readwrite' as const },
    { label: 'Read only', description: 'list and read objects', access: 'read' as const },
  ]);
  return picked.access;
}
