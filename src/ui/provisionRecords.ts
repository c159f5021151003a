// What this extension provisioned, per AWS account: needed because Databend masks the
// role ARN and external ID of a connection. No secrets here: an external ID is not one.

import type * as vscode from 'vscode';

export interface ProvisionRecord {
  roleArn: string;
  roleName: string;
  policyArn: string;
  externalId: string;
  databendRoleArn: string;
  bucket: string;
  prefix: string;
  region?: string;
  profile?: string;
  connectionName: string;
  stageName: string;
  updatedAt: string;
}

const KEY = 'databendIam.provisioned';

export class ProvisionRecords {
  constructor(private readonly state: vscode.Memento) {}

  all(): ProvisionRecord[] {
    return this.state.get<ProvisionRecord[]>(KEY, []);
  }

  async save(record: ProvisionRecord): Promise<void> {
    await this.state.update(KEY, [record, ...this.all().filter((r) => r.roleArn !== record.roleArn)]);
  }

  async remove(roleArn: string): Promise<void> {
    await this.state.update(KEY, this.all().filter((r) => r.roleArn !== roleArn));
  }
}
