// Messages between the extension and its webviews, typed once for both sides. Anything a
// webview sends is checked with the guards below before the extension acts on it.

import * as l10n from '@vscode/l10n';
import type { StageLocation } from '../core/locations';
import type { SetupValues } from '../core/setupForm';

export type { Cell } from '../core/cells';

export interface ResultColumn {
  name: string;
  type: string;
  /** Why cells of this column may differ from Databend's own text (src/core/values.ts); absent when all are exact. */
  approx?: string;
  /** With `approx`: every non-NULL cell is approximate, not only those a rows message lists. */
  approxEvery?: boolean;
}

/** What a finished statement reports. */
export interface ResultSummary {
  rowCount: number;
  elapsedMs: number;
  truncated: boolean;
  affectedRows: number;
  maxRows: number;
  cancelled: boolean;
  queryId: string;
}

/**
 * Extension → results webview. A results view belongs to one SQL editor and shows its
 * latest run; every message names that run (`run`), and a statement's result within it
 * (`result`, its index: Run All has one per statement). A message of an older run is
 * ignored, so two runs never mix.
 */
export type ResultsMessage =
  | { type: 'run'; run: number; login: string; title: string }
  | { type: 'start'; run: number; result: number; sql: string; label: string }
  | { type: 'queryId'; run: number; result: number; queryId: string }
  | { type: 'columns'; run: number; result: number; columns: ResultColumn[] }
  /** A batch of `count` rows as encodeRows (src/core/cells.ts) writes them: one compact string crosses VS Code's message hops far faster than thousands of small ones. */
  | { type: 'rows'; run: number; result: number; rows: string; count: number; /** Approximate cells as flat pairs [row, column, …], rows counted in this batch. */ approx: number[] }
  | ({ type: 'done'; run: number; result: number } & ResultSummary)
  | { type: 'error'; run: number; result: number; message: string; code?: number; cancelled: boolean; queryId: string }
  /** Cancel was pressed: the query is being killed. */
  | { type: 'cancelling'; run: number }
  /** The run is over: nothing more comes for it. */
  | { type: 'end'; run: number };

/** Results webview → extension. */
export type ResultsRequest =
  | { type: 'ready' }
  | { type: 'cancel'; run: number }
  | { type: 'export'; format: 'csv' | 'json'; run: number; result: number }
  /** Run this result's statement again, with Databend's exact text for the approximate columns. */
  | { type: 'exact'; run: number; result: number }
  | { type: 'copy'; text: string }
  /** The grid holds `rows` rows of a result, drawn at `at` (epoch ms, the page's clock). */
  | { type: 'received'; run: number; result: number; rows: number; at: number };

const count = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

export function isResultsRequest(value: unknown): value is ResultsRequest {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  switch (m.type) {
    case 'ready':
      return keys === 'type';
    case 'cancel':
      return keys === 'run,type' && count(m.run);
    case 'export':
      return keys === 'format,result,run,type' && (m.format === 'csv' || m.format === 'json') && count(m.run) && count(m.result);
    case 'exact':
      return keys === 'result,run,type' && count(m.run) && count(m.result);
    case 'copy':
      return keys === 'text,type' && typeof m.text === 'string' && m.text.length <= 10_000_000;
    case 'received':
      return keys === 'at,result,rows,run,type' && count(m.run) && count(m.result) && count(m.rows) && count(m.at);
    default:
      return false;
  }
}

// ---- Setup form -------------------------------------------------------------------

/** The form's values: nothing secret (an external ID is not a secret). */
export interface SetupFields extends SetupValues {
  /** An AWS profile name, or '' for the SDK's default chain. */
  profile: string;
  /** A saved Databend login's id, or '' for none. */
  databendLogin: string;
}

/** The form's text fields (all but the more-locations rows). */
export type SetupTextField = Exclude<keyof SetupFields, 'moreLocations'>;

const SETUP_FIELD_KEYS: readonly SetupTextField[] = [
  'profile',
  'databendRoleArn',
  'bucket',
  'prefix',
  'access',
  'roleName',
  'policyName',
  'externalId',
  'connectionName',
  'stageName',
  'kmsKeyArn',
  'testFile',
  'endpointUrl',
  'permissionsBoundary',
  'rolePath',
  'roleTags',
  'databendLogin',
];

/** The longest text a field may hold: 2,048 characters, the tags longer (47 tags of a 128-character key and a 256-character value). */
function maxLength(key: SetupTextField): number {
  return key === 'roleTags' ? 20_000 : 2048;
}

/**
 * The form's labels, exactly as a user reads them (tests and the docs find fields by them;
 * in English they are the fixed names of design.md). A function, not a constant: the
 * translations are configured after this module loads (at activation, or by webview/l10n.ts).
 */
export function setupLabels(): Readonly<Record<SetupTextField, string>> {
  return {
    profile: l10n.t('AWS profile'),
    databendRoleArn: l10n.t('Databend role ARN'),
    bucket: l10n.t('S3 bucket'),
    prefix: l10n.t('Path prefix'),
    access: l10n.t('Access'),
    roleName: l10n.t('IAM role name'),
    policyName: l10n.t('IAM policy name'),
    externalId: l10n.t('External ID'),
    connectionName: l10n.t('Connection name'),
    stageName: l10n.t('Stage name'),
    kmsKeyArn: l10n.t('KMS key ARN'),
    testFile: l10n.t('Test file'),
    endpointUrl: l10n.t('S3 endpoint URL'),
    permissionsBoundary: l10n.t('Permissions boundary'),
    rolePath: l10n.t('Role path'),
    roleTags: l10n.t('Tags'),
    databendLogin: l10n.t('Databend login'),
  };
}

/** The label of a field of a more-locations row, as a user reads it: "S3 bucket (location 2)"; `index` counts the rows from 0. */
export function locationLabel(field: keyof StageLocation, index: number): string {
  return l10n.t('{0} (location {1})', setupLabels()[field], index + 2);
}

/** The label of the field an error key (validateSetup's) names: a form field's, or a location row's. */
export function errorFieldLabel(key: string): string {
  const row = /^moreLocations\.(\d+)\.(bucket|prefix|stageName)$/.exec(key);
  return row ? locationLabel(row[2] as keyof StageLocation, Number(row[1])) : (setupLabels()[key as SetupTextField] ?? key);
}

/** More rows than any setup may hold reach the validator, which says so; beyond this a message is refused unread. */
const MAX_LOCATION_ROWS = 100;

function isLocations(value: unknown): value is StageLocation[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_LOCATION_ROWS &&
    value.every((row: unknown) => {
      if (!row || typeof row !== 'object') return false;
      const r = row as Record<string, unknown>;
      return Object.keys(r).sort().join(',') === 'bucket,prefix,stageName' && ['bucket', 'prefix', 'stageName'].every((k) => typeof r[k] === 'string' && (r[k] as string).length <= 2048);
    })
  );
}

export interface ProfileOption {
  name: string;
  description: string;
}

/** Extension → setup webview. */
export type SetupMessage =
  | { type: 'init'; fields: Partial<SetupFields>; profiles: ProfileOption[]; logins: { id: string; name: string }[] }
  | { type: 'identity'; profile: string; text?: string; error?: string; /** The partition the profile signs in to, when it signs in: a boundary must be in it. */ partition?: string }
  /** What IAM holds for the role named in the form: whether it exists, and the external ID it trusts. */
  | { type: 'role'; profile: string; roleName: string; exists: boolean; externalId?: string; /** The existing role's path and permissions boundary: IAM cannot move a role, and a re-run keeps its boundary unless changed. */ path?: string; permissionsBoundary?: string }
  /** The extension changed the external ID (the user chose to keep the role's current one). */
  | { type: 'externalId'; value: string }
  | { type: 'progress'; requestId: number; text: string }
  | { type: 'result'; requestId: number; ok: boolean; title: string; lines: string[]; canVerify?: boolean };

/** Setup webview → extension. */
export type SetupRequest =
  | { type: 'ready' }
  | { type: 'identity'; profile: string }
  | { type: 'role'; profile: string; roleName: string }
  | { type: 'cancel' }
  | { type: 'preview'; requestId: number; fields: SetupFields }
  | { type: 'create'; requestId: number; fields: SetupFields }
  | { type: 'sqlOnly'; requestId: number; fields: SetupFields }
  | { type: 'verify'; requestId: number; fields: SetupFields }
  /** Export as CloudFormation / Terraform: the template of what Create in AWS would make, opened beside the form. */
  | { type: 'export'; requestId: number; fields: SetupFields; format: 'cloudformation' | 'terraform' }
  | { type: 'copy'; text: string }
  | { type: 'remember'; fields: SetupFields };

function isFields(value: unknown): value is SetupFields {
  if (!value || typeof value !== 'object') return false;
  const f = value as Record<string, unknown>;
  const rows = 'moreLocations' in f ? 1 : 0;
  return (
    Object.keys(f).length === SETUP_FIELD_KEYS.length + rows &&
    (rows === 0 || isLocations(f.moreLocations)) &&
    SETUP_FIELD_KEYS.every((k) => typeof f[k] === 'string' && (f[k] as string).length <= maxLength(k)) &&
    (f.access === 'read' || f.access === 'readwrite')
  );
}

export function isSetupRequest(value: unknown): value is SetupRequest {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  switch (m.type) {
    case 'ready':
      return keys === 'type';
    case 'identity':
      return keys === 'profile,type' && typeof m.profile === 'string' && m.profile.length <= 256;
    case 'role':
      return keys === 'profile,roleName,type' && typeof m.profile === 'string' && m.profile.length <= 256 && typeof m.roleName === 'string' && m.roleName.length <= 256;
    case 'cancel':
      return keys === 'type';
    case 'preview':
    case 'create':
    case 'sqlOnly':
    case 'verify':
      return keys === 'fields,requestId,type' && Number.isInteger(m.requestId) && isFields(m.fields);
    case 'export':
      return keys === 'fields,format,requestId,type' && Number.isInteger(m.requestId) && isFields(m.fields) && (m.format === 'cloudformation' || m.format === 'terraform');
    case 'copy':
      return keys === 'text,type' && typeof m.text === 'string' && m.text.length <= 1_000_000;
    case 'remember':
      return keys === 'fields,type' && isFields(m.fields);
    default:
      return false;
  }
}
