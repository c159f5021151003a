// Messages between the extension and its webviews, typed once for both sides. Anything a
// webview sends is checked with the guards below before the extension acts on it.

import type { SetupValues } from '../core/setupForm';

export type { Cell } from '../core/cells';
import type { Cell } from '../core/cells';

export interface ResultColumn {
  name: string;
  type: string;
}

/** Extension → results webview. */
export type ResultsMessage =
  | { type: 'start'; sql: string; login: string; statement: string }
  | { type: 'columns'; columns: ResultColumn[]; queryId: string }
  | { type: 'rows'; rows: Cell[][] }
  | { type: 'done'; rowCount: number; elapsedMs: number; truncated: boolean; affectedRows: number; maxRows: number; cancelled: boolean; queryId: string }
  | { type: 'error'; message: string; code?: number };

/** Results webview → extension. */
export type ResultsRequest = { type: 'ready' } | { type: 'cancel' } | { type: 'export'; format: 'csv' | 'json' } | { type: 'copy'; text: string };

export function isResultsRequest(value: unknown): value is ResultsRequest {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return Object.keys(m).length === 1;
    case 'export':
      return (m.format === 'csv' || m.format === 'json') && Object.keys(m).length === 2;
    case 'copy':
      return typeof m.text === 'string' && m.text.length <= 10_000_000 && Object.keys(m).length === 2;
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

const SETUP_FIELD_KEYS: readonly (keyof SetupFields)[] = [
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
  'databendLogin',
];

/** The form's labels, exactly as a user reads them (tests and the docs find fields by them). */
export const SETUP_LABELS: Readonly<Record<keyof SetupFields, string>> = {
  profile: 'AWS profile',
  databendRoleArn: 'Databend role ARN',
  bucket: 'S3 bucket',
  prefix: 'Path prefix',
  access: 'Access',
  roleName: 'IAM role name',
  policyName: 'IAM policy name',
  externalId: 'External ID',
  connectionName: 'Connection name',
  stageName: 'Stage name',
  kmsKeyArn: 'KMS key ARN',
  testFile: 'Test file',
  endpointUrl: 'S3 endpoint URL',
  databendLogin: 'Databend login',
};

export interface ProfileOption {
  name: string;
  description: string;
}

/** Extension → setup webview. */
export type SetupMessage =
  | { type: 'init'; fields: Partial<SetupFields>; profiles: ProfileOption[]; logins: { id: string; name: string }[] }
  | { type: 'identity'; profile: string; text?: string; error?: string }
  /** What IAM holds for the role named in the form: whether it exists, and the external ID it trusts. */
  | { type: 'role'; profile: string; roleName: string; exists: boolean; externalId?: string }
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
  | { type: 'copy'; text: string }
  | { type: 'remember'; fields: SetupFields };

function isFields(value: unknown): value is SetupFields {
  if (!value || typeof value !== 'object') return false;
  const f = value as Record<string, unknown>;
  return (
    Object.keys(f).length === SETUP_FIELD_KEYS.length &&
    SETUP_FIELD_KEYS.every((k) => typeof f[k] === 'string' && (f[k] as string).length <= 2048) &&
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
    case 'copy':
      return keys === 'text,type' && typeof m.text === 'string' && m.text.length <= 1_000_000;
    case 'remember':
      return keys === 'fields,type' && isFields(m.fields);
    default:
      return false;
  }
}
