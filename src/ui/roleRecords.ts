// The IAM roles this extension created, with what they were created for: needed because
// Databend masks the role ARN and external ID of a connection. No secrets here: an
// external ID is not one.

import type * as vscode from 'vscode';
import type { StageLocation } from '../core/locations';

export interface RoleRecord {
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
  /** The role's further locations and their stages (absent: one location). */
  moreLocations?: StageLocation[];
  /** The id of the Databend login Run and Verify made the connection and stages on, so removing the role can offer to drop them. */
  databendLogin?: string;
  updatedAt: string;
}

// Storage key kept from 0.1 so the records survive the rename.
const KEY = 'databendIam.provisioned';

export class RoleRecords {
  constructor(private readonly state: vscode.Memento) {}

  all(): RoleRecord[] {
    return this.state.get<RoleRecord[]>(KEY, []);
  }

  async save(record: RoleRecord): Promise<void> {
    await this.state.update(KEY, [record, ...this.all().filter((r) => r.roleArn !== record.roleArn)]);
  }

  async remove(roleArn: string): Promise<void> {
    await this.state.update(KEY, this.all().filter((r) => r.roleArn !== roleArn));
  }
}
