// The setup as code: the CloudFormation template or Terraform configuration of exactly
// what "Create in AWS" would make for the same values (src/core/iac.ts), opened in an
// editor named for it. Used by the Export Setup commands and the setup form; it changes
// nothing in AWS (it reads who the profile is and the bucket's region).

import * as vscode from 'vscode';
import type * as Aws from '../aws/index';
import { IacFormat, iacFileName, iacRoleArn, iacTemplate } from '../core/iac';
import type { AnalyzerReport } from '../core/analyzerFindings';
import type { PolicyCheck } from '../core/policyChecks';
import { regionConflict } from '../core/locations';
import { setupSqlFor } from '../core/setupForm';
import type { AwsService } from './awsService';
import type { IamSetup, IamSetupFields } from './iamSetup';
import type { Logger } from './logger';
import { openNamedDocument } from './namedDocument';

export interface SetupExportOutcome {
  format: IacFormat;
  fileName: string;
  editor: vscode.TextEditor;
  checks: PolicyCheck[];
  /** Access Analyzer's findings on the exported documents, or why they were not checked. */
  analyzer: AnalyzerReport;
  /** The bucket's region, in the SQL's REGION; undefined when the bucket could not be checked. */
  region?: string;
}

export const IAC_FORMAT_NAMES: Record<IacFormat, string> = { cloudformation: 'CloudFormation', terraform: 'Terraform' };

/** What to do with an exported file, for the message that announces it. */
export function iacNextSteps(format: IacFormat): string {
  return format === 'cloudformation'
    ? vscode.l10n.t('Create a stack from it with CAPABILITY_NAMED_IAM (CloudFormation cannot tag a managed policy: the stack owns it instead), then run its output DatabendSql in Databend.')
    : vscode.l10n.t('Run terraform init and terraform apply, then run the output databend_sql in Databend.');
}

export class SetupExport {
  constructor(
    private readonly aws: AwsService,
    private readonly iamSetup: IamSetup,
    private readonly logger: Logger,
  ) {}

  /**
   * Writes the template for `fields` in the account `identity` (read from the profile when
   * not given) and opens it. @throws Error explaining a profile that cannot sign in, or,
   * before anything opens, which policy check of the documents failed or which Access
   * Analyzer finding blocks (as for Create in AWS). `show` places the
   * editor (the form opens it beside itself and keeps the focus).
   */
  async open(fields: IamSetupFields, format: IacFormat, identity?: Aws.CallerIdentity, show?: vscode.TextDocumentShowOptions): Promise<SetupExportOutcome> {
    const who = identity ?? (await this.iamSetup.identity(fields.profile));
    const desired = this.iamSetup.desired(fields, who);
    const checks = this.iamSetup.checks(desired, fields);
    this.iamSetup.assertChecksPass(checks);
    const [analyzer, region] = await Promise.all([this.iamSetup.analyze(fields.profile, desired), this.bucketRegion(fields)]);
    this.iamSetup.assertChecksPass(checks, analyzer);
    const text = iacTemplate(format, desired, setupSqlFor(fields, iacRoleArn(desired), region));
    const fileName = iacFileName(desired, format);
    const editor = await openNamedDocument(fileName, text, show);
    return { format, fileName, editor, checks, analyzer, region };
  }

  /**
   * The first bucket's region for the SQL's REGION, as Create in AWS finds it; undefined when
   * S3 cannot tell. @throws Error when the setup's buckets are in different regions (one
   * connection has one REGION).
   */
  private async bucketRegion(fields: IamSetupFields): Promise<string | undefined> {
    const s3 = this.aws.clients(fields.profile || undefined).s3();
    const region = async (bucket: string) => {
      try {
        return (await this.aws.load().checkBucket(s3, bucket)).region;
      } catch (error) {
        this.logger.debug(`export: the bucket ${bucket} could not be checked (${error instanceof Error ? error.message : String(error)})${bucket === fields.bucket ? ': the SQL has no REGION' : ''}`);
        return undefined;
      }
    };
    const buckets = [...new Set([fields.bucket, ...(fields.moreLocations ?? []).map((l) => l.bucket)].map((b) => b.trim()))];
    const regions = await Promise.all(buckets.map(region));
    const conflict = regionConflict(buckets.map((bucket, i) => ({ bucket, region: regions[i] })));
    if (conflict) throw new Error(vscode.l10n.t('Nothing was exported. {0}', conflict));
    return regions[0];
  }
}
