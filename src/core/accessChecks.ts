// Validation per action after setup: what Databend itself can do through the stage —
// list, read, write and delete — each as the SQL a user would run, and what its outcome
// means. Pure: the caller runs the statements (src/ui/setup/setupVerifier.ts). Like
// Snowflake's SYSTEM$VALIDATE_STORAGE_INTEGRATION(..., 'read' | 'write' | 'list' | 'delete').

import * as l10n from '@vscode/l10n';
import { diagnoseStageError } from './diagnose';
import { stageFileStatements } from './sql';

export type AccessAction = 'list' | 'read' | 'write' | 'delete';

/** The folder under the stage where the write check puts its object (and the delete check removes it). */
export const CHECK_FOLDER = '_databend_check';

export interface AccessCheckInput {
  stageName: string;
  bucket: string;
  /** The stage's prefix in the bucket, without slashes at either end ('' for the whole bucket). */
  prefix: string;
  access: 'read' | 'readwrite';
  /** A file under the stage to read; '' for none. */
  testFile: string;
  /** Why there is no file to read, when not "no test file given" (e.g. the test file belongs to another stage). */
  noFileReason?: string;
  /** Names this run's object: `_databend_check/<runId>.csv` (letters, digits, `-`). */
  runId: string;
}

export interface AccessCheckStep {
  action: AccessAction;
  /** The statements, in order; empty when the check is skipped. */
  statements: string[];
  /** Why a step is skipped (read only access, no file to read). */
  skipped?: string;
}

export interface AccessCheckResult {
  action: AccessAction;
  outcome: 'passed' | 'failed' | 'skipped';
  /** One line for the user: what was done, and on failure what it means and the fix. */
  text: string;
  /** On failure: worth another try after a pause (IAM propagation). */
  retry?: boolean;
}

/** The path of one run's check object, under the stage: `_databend_check/<runId>.csv`. */
export function checkObject(runId: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(runId)) throw new Error(l10n.t('"{0}" cannot name a check object.', runId));
  return `${CHECK_FOLDER}/${runId}.csv`;
}

/**
 * The checks in the order they run: list; write (a one-row CSV at exactly
 * `_databend_check/<runId>.csv`: SINGLE and USE_RAW_PATH keep Databend from naming the file
 * itself), read (the test file, else the object just written) and delete (that object), as
 * the access allows. Each reads or removes one known path, never a listing of a folder.
 * Read only access skips write and delete; read is skipped only when there is nothing to
 * read. @throws Error for a test file that is a folder or a runId that cannot name a file.
 */
export function accessCheckSteps(input: AccessCheckInput): AccessCheckStep[] {
  const stage = input.stageName;
  const object = checkObject(input.runId);
  const writes = input.access === 'readwrite';
  const testFile = input.testFile.trim().replace(/^\/+/, '');
  const steps: AccessCheckStep[] = [{ action: 'list', statements: [`LIST @${stage}`] }];
  if (writes) {
    steps.push({ action: 'write', statements: [`COPY INTO @${stage}/${object} FROM (SELECT 'databend-check' AS check_value) FILE_FORMAT = (TYPE = CSV) SINGLE = TRUE USE_RAW_PATH = TRUE`] });
  }
  if (testFile) steps.push({ action: 'read', statements: stageFileStatements(stage, testFile, { limit: 1 }) });
  else if (writes) steps.push({ action: 'read', statements: stageFileStatements(stage, object, { limit: 1 }) });
  else steps.push({ action: 'read', statements: [], skipped: input.noFileReason ?? l10n.t('no test file given to read') });
  if (writes) steps.push({ action: 'delete', statements: [`REMOVE @${stage}/${object}`] });
  else steps.push({ action: 'write', statements: [], skipped: l10n.t('the setup is read only') }, { action: 'delete', statements: [], skipped: l10n.t('the setup is read only') });
  return steps;
}

/** The S3 action each check needs, and on what: for the fix of an S3 AccessDenied. */
function s3Permission(action: AccessAction, bucket: string, prefix: string): string {
  const objects = `arn:aws:s3:::${bucket}/${prefix ? `${prefix}/` : ''}*`;
  switch (action) {
    case 'list':
      return prefix ? l10n.t('s3:ListBucket on {0} (for the prefix {1}/)', `arn:aws:s3:::${bucket}`, prefix) : l10n.t('s3:ListBucket on {0}', `arn:aws:s3:::${bucket}`);
    case 'read':
      return l10n.t('s3:GetObject on {0}', objects);
    case 'write':
      return l10n.t('s3:PutObject on {0}', objects);
    case 'delete':
      return l10n.t('s3:DeleteObject on {0}', objects);
  }
}

/** The check's name as a result line starts with it; read when the line is made, in the display language. */
function verb(action: AccessAction): string {
  switch (action) {
    case 'list':
      return l10n.t('List');
    case 'read':
      return l10n.t('Read');
    case 'write':
      return l10n.t('Write');
    case 'delete':
      return l10n.t('Delete');
  }
}

/**
 * What a check's outcome means: passed when `error` is undefined (`detail` then says what
 * was seen), else failed with the diagnosis of Databend's message (diagnose.ts) and, for an
 * S3 refusal, the permission the role's policy lacks for this very action.
 */
export function interpretAccessCheck(step: AccessCheckStep, input: Pick<AccessCheckInput, 'bucket' | 'prefix'>, error?: string, detail = ''): AccessCheckResult {
  const { action } = step;
  if (step.skipped) return { action, outcome: 'skipped', text: l10n.t('– {0}: not checked, {1}.', verb(action), step.skipped) };
  const sql = step.statements[step.statements.length - 1];
  if (error === undefined) return { action, outcome: 'passed', text: detail ? l10n.t('✓ {0}: {1} ({2})', verb(action), sql, detail) : l10n.t('✓ {0}: {1}', verb(action), sql) };
  const diagnosis = diagnoseStageError(error);
  const fix =
    diagnosis.cause === 's3-access-denied'
      ? action === 'write' || action === 'delete'
        ? l10n.t("S3 refused it (403 AccessDenied): the role's permission policy must allow {0} (Access: Read and write). A policy changed moments ago can take a minute to apply.", s3Permission(action, input.bucket, input.prefix))
        : l10n.t("S3 refused it (403 AccessDenied): the role's permission policy must allow {0}. A policy changed moments ago can take a minute to apply.", s3Permission(action, input.bucket, input.prefix))
      : diagnosis.text;
  return { action, outcome: 'failed', text: l10n.t('✗ {0}: {1} failed. {2}', verb(action), sql, fix), retry: diagnosis.retry };
}

/**
 * Runs the checks with `run` (one statement; resolves to the number of rows it returned,
 * rejects with Databend's error) and interprets each. A failed write skips what needs its
 * object (reading it back, deleting it): a REMOVE of nothing would pass without proving
 * anything. A check that fails does not stop the others.
 */
export async function runAccessChecks(input: AccessCheckInput, run: (sql: string) => Promise<number>): Promise<AccessCheckResult[]> {
  const results: AccessCheckResult[] = [];
  let wrote = true;
  for (const step of accessCheckSteps(input)) {
    const needsObject = step.action === 'delete' || (step.action === 'read' && step.statements.some((s) => s.includes(`'${CHECK_FOLDER}/`)));
    if (!step.skipped && needsObject && !wrote) {
      results.push(interpretAccessCheck({ ...step, statements: [], skipped: l10n.t('nothing was written') }, input));
      continue;
    }
    if (step.skipped) {
      results.push(interpretAccessCheck(step, input));
      continue;
    }
    try {
      let rows = 0;
      for (const sql of step.statements) rows = await run(sql);
      const detail = step.action === 'list' ? l10n.t('{0} file(s)', rows) : step.action === 'read' ? (rows > 0 ? l10n.t('a row read') : l10n.t('no rows')) : '';
      results.push(interpretAccessCheck(step, input, undefined, detail));
    } catch (error) {
      if (step.action === 'write') wrote = false;
      results.push(interpretAccessCheck(step, input, error instanceof Error ? error.message : String(error)));
    }
  }
  return results;
}
