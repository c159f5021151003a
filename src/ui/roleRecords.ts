// The IAM roles this extension created, with what they were created for: needed because
// Databend masks the role ARN and external ID of a connection. No secrets here: an
// external ID is not one.

import type * as vscode from 'vscode';
import { setupLocations, type StageLocation } from '../core/locations';

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
  /**
   * Locations the setup had before and no longer has, with the stages made for them: a stage
   * outlives its location in Databend, so removing the role can still offer to drop it.
   */
  formerLocations?: StageLocation[];
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

  /** Saves the record, replacing the one of the same role; the stages of locations it no longer has become formerLocations. */
  async save(record: RoleRecord): Promise<void> {
    const previous = this.all().find((r) => r.roleArn === record.roleArn);
    const current = new Set(setupLocations(record).map((l) => l.stageName));
    const former = [...(previous ? [...setupLocations(previous), ...(previous.formerLocations ?? [])] : []), ...(record.formerLocations ?? [])].filter(
      (l, i, all) => !current.has(l.stageName) && all.findIndex((o) => o.stageName === l.stageName) === i,
    );
    const saved: RoleRecord = { ...record, ...(former.length > 0 ? { formerLocations: former } : {}) };
    if (former.length === 0) delete saved.formerLocations;
    await this.state.update(KEY, [saved, ...this.all().filter((r) => r.roleArn !== record.roleArn)]);
  }

  async remove(roleArn: string): Promise<void> {
    await this.state.update(KEY, this.all().filter((r) => r.roleArn !== roleArn));
  }
}
