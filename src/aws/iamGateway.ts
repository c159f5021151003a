// The IAM calls provisioning needs, behind a port of our own (tests may wrap it to inject
// a failure), implemented with the AWS SDK.

import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  UpdateRoleCommand,
  IAMClient,
  paginateListAttachedRolePolicies,
  paginateListPolicyVersions,
  paginateListEntitiesForPolicy,
  paginateListRolePolicies,
  PutRolePermissionsBoundaryCommand,
  Tag,
  TagPolicyCommand,
  TagRoleCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import type { PolicyVersionState, Tags } from '../core/plan';
import type { PolicyDocument } from '../core/policies';

export interface RoleInfo {
  arn: string;
  trustPolicy: unknown;
  tags: Tags;
  /** The role's IAM path, "/" or "/…/". */
  path: string;
  /** The ARN of its permissions boundary, when it has one. */
  permissionsBoundary?: string;
  /** Its description, when it has one. */
  description?: string;
}

/** What an organization may require of a new role; each is left out of CreateRole when absent. */
export interface RoleExtras {
  path?: string;
  permissionsBoundary?: string;
}

export interface PolicyInfo {
  arn: string;
  defaultVersionId: string;
  tags: Tags;
}

export interface IamGateway {
  getRole(roleName: string): Promise<RoleInfo | undefined>;
  getPolicy(policyArn: string): Promise<PolicyInfo | undefined>;
  getPolicyDocument(policyArn: string, versionId: string): Promise<unknown>;
  listPolicyVersions(policyArn: string): Promise<PolicyVersionState[]>;
  listAttachedPolicies(roleName: string): Promise<string[]>;
  listInlinePolicies(roleName: string): Promise<string[]>;
  /** Everything a managed policy is attached to, as `role <name>`, `user <name>`, `group <name>`. */
  listPolicyAttachments(policyArn: string): Promise<string[]>;
  createPolicy(policyName: string, document: PolicyDocument, tags: Tags, description: string): Promise<string>;
  createPolicyVersion(policyArn: string, document: PolicyDocument): Promise<string>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;
  deletePolicy(policyArn: string): Promise<void>;
  createRole(roleName: string, trustPolicy: PolicyDocument, tags: Tags, description: string, extras?: RoleExtras): Promise<string>;
  /** UpdateRole with only a Description: the other settings stay. */
  updateRoleDescription(roleName: string, description: string): Promise<void>;
  putRoleBoundary(roleName: string, boundaryArn: string): Promise<void>;
  deleteRoleBoundary(roleName: string): Promise<void>;
  updateTrustPolicy(roleName: string, trustPolicy: PolicyDocument): Promise<void>;
  attachPolicy(roleName: string, policyArn: string): Promise<void>;
  detachPolicy(roleName: string, policyArn: string): Promise<void>;
  deleteInlinePolicy(roleName: string, policyName: string): Promise<void>;
  deleteRole(roleName: string): Promise<void>;
  setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void>;
  tagRole(roleName: string, tags: Tags): Promise<void>;
  tagPolicy(policyArn: string, tags: Tags): Promise<void>;
  untagRole(roleName: string, keys: string[]): Promise<void>;
  untagPolicy(policyArn: string, keys: string[]): Promise<void>;
}

export function isNoSuchEntity(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'NoSuchEntityException' || name === 'NoSuchEntity';
}

/** IAM returns documents URL-encoded (moto sometimes not): accept both. */
export function decodeDocument(raw: string | undefined): unknown {
  if (!raw) {
    return undefined;
  }
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
  return JSON.parse(text);
}

function toTags(tags: Tag[] | undefined): Tags {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

function fromTags(tags: Tags): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNoSuchEntity(error)) {
      return undefined;
    }
    throw error;
  }
}

export class SdkIamGateway implements IamGateway {
  constructor(private readonly iam: IAMClient) {}

  async getRole(roleName: string): Promise<RoleInfo | undefined> {
    const result = await orUndefined(this.iam.send(new GetRoleCommand({ RoleName: roleName })));
    const role = result?.Role;
    const boundary = role?.PermissionsBoundary?.PermissionsBoundaryArn;
    return (
      role && {
        arn: role.Arn ?? '',
        trustPolicy: decodeDocument(role.AssumeRolePolicyDocument),
        tags: toTags(role.Tags),
        path: role.Path || '/',
        ...(boundary && { permissionsBoundary: boundary }),
        ...(role.Description !== undefined && { description: role.Description }),
      }
    );
  }

  async getPolicy(policyArn: string): Promise<PolicyInfo | undefined> {
    const result = await orUndefined(this.iam.send(new GetPolicyCommand({ PolicyArn: policyArn })));
    const policy = result?.Policy;
    return policy && { arn: policy.Arn ?? policyArn, defaultVersionId: policy.DefaultVersionId ?? '', tags: toTags(policy.Tags) };
  }

  async getPolicyDocument(policyArn: string, versionId: string): Promise<unknown> {
    const result = await this.iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
    return decodeDocument(result.PolicyVersion?.Document);
  }

  async listPolicyVersions(policyArn: string): Promise<PolicyVersionState[]> {
    const versions: PolicyVersionState[] = [];
    for await (const page of paginateListPolicyVersions({ client: this.iam }, { PolicyArn: policyArn })) {
      for (const v of page.Versions ?? []) {
        versions.push({ versionId: v.VersionId ?? '', isDefault: Boolean(v.IsDefaultVersion), createDate: v.CreateDate ? new Date(v.CreateDate).toISOString() : '' });
      }
    }
    return versions;
  }

  async listAttachedPolicies(roleName: string): Promise<string[]> {
    const arns: string[] = [];
    for await (const page of paginateListAttachedRolePolicies({ client: this.iam }, { RoleName: roleName })) {
      arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ''));
    }
    return arns;
  }

  async listPolicyAttachments(policyArn: string): Promise<string[]> {
    const found: string[] = [];
    for await (const page of paginateListEntitiesForPolicy({ client: this.iam }, { PolicyArn: policyArn })) {
      found.push(...(page.PolicyRoles ?? []).map((r) => `role ${r.RoleName}`), ...(page.PolicyUsers ?? []).map((u) => `user ${u.UserName}`), ...(page.PolicyGroups ?? []).map((g) => `group ${g.GroupName}`));
    }
    return found;
  }

  async listInlinePolicies(roleName: string): Promise<string[]> {
    const names: string[] = [];
    for await (const page of paginateListRolePolicies({ client: this.iam }, { RoleName: roleName })) {
      names.push(...(page.PolicyNames ?? []));
    }
    return names;
  }

  async createPolicy(policyName: string, document: PolicyDocument, tags: Tags, description: string): Promise<string> {
    const result = await this.iam.send(
      new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: JSON.stringify(document), Tags: fromTags(tags), Description: description }),
    );
    return result.Policy?.Arn ?? '';
  }

  async createPolicyVersion(policyArn: string, document: PolicyDocument): Promise<string> {
    const result = await this.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: true }));
    return result.PolicyVersion?.VersionId ?? '';
  }

  async deletePolicyVersion(policyArn: string, versionId: string): Promise<void> {
    await this.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
  }

  async deletePolicy(policyArn: string): Promise<void> {
    await this.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }));
  }

  async updateRoleDescription(roleName: string, description: string): Promise<void> {
    await this.iam.send(new UpdateRoleCommand({ RoleName: roleName, Description: description }));
  }

  async createRole(roleName: string, trustPolicy: PolicyDocument, tags: Tags, description: string, extras: RoleExtras = {}): Promise<string> {
    const result = await this.iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
        Tags: fromTags(tags),
        Description: description,
        ...(extras.path && { Path: extras.path }),
        ...(extras.permissionsBoundary && { PermissionsBoundary: extras.permissionsBoundary }),
      }),
    );
    return result.Role?.Arn ?? '';
  }

  async putRoleBoundary(roleName: string, boundaryArn: string): Promise<void> {
    await this.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: roleName, PermissionsBoundary: boundaryArn }));
  }

  async deleteRoleBoundary(roleName: string): Promise<void> {
    await this.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: roleName }));
  }

  async updateTrustPolicy(roleName: string, trustPolicy: PolicyDocument): Promise<void> {
    await this.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(trustPolicy) }));
  }

  async attachPolicy(roleName: string, policyArn: string): Promise<void> {
    await this.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }

  async detachPolicy(roleName: string, policyArn: string): Promise<void> {
    await this.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }

  async deleteInlinePolicy(roleName: string, policyName: string): Promise<void> {
    await this.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
  }

  async deleteRole(roleName: string): Promise<void> {
    await this.iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  }

  async setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void> {
    await this.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
  }

  async untagRole(roleName: string, keys: string[]): Promise<void> {
    await this.iam.send(new UntagRoleCommand({ RoleName: roleName, TagKeys: keys }));
  }

  async untagPolicy(policyArn: string, keys: string[]): Promise<void> {
    await this.iam.send(new UntagPolicyCommand({ PolicyArn: policyArn, TagKeys: keys }));
  }

  async tagRole(roleName: string, tags: Tags): Promise<void> {
    await this.iam.send(new TagRoleCommand({ RoleName: roleName, Tags: fromTags(tags) }));
  }

  async tagPolicy(policyArn: string, tags: Tags): Promise<void> {
    await this.iam.send(new TagPolicyCommand({ PolicyArn: policyArn, Tags: fromTags(tags) }));
  }
}
