// Whether a Databend CONNECTION or STAGE that exists already is the one the setup would
// create. Databend masks secret-ish values (SHOW CONNECTIONS shows `key=******xyz`, the
// last three characters; DESC STAGE shows the role ARN whole and the external ID masked),
// so a value is compared as far as Databend shows it. Facts from the engine (see
// shared notes, databend-sql.md): a stage keeps the copy of the connection's parameters
// it was created with.

import { tail } from './plan';
import { stageUrl } from './sql';

/** What the setup creates in Databend. */
export interface ExpectedObjects {
  bucket: string;
  prefix: string;
  roleArn: string;
  externalId: string;
  region?: string;
  /** The connection's ENDPOINT_URL, when the setup sets one. */
  endpointUrl?: string;
}

/** `key=value` pairs of SHOW CONNECTIONS' storage_params, keys lower-cased. */
export function parseConnectionParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.trim().split(/\s+/)) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).toLowerCase()] = pair.slice(at + 1);
  }
  return out;
}

/** Whether `shown` (possibly masked as `******xyz`) can be `actual`. */
function sameAsShown(shown: string | undefined, actual: string): boolean {
  if (shown === undefined) return false;
  const masked = /^\*+(.*)$/.exec(shown);
  return masked ? actual.endsWith(masked[1]) && masked[1].length > 0 : shown === actual;
}

function differs(what: string, shown: string | undefined, expected: string): string {
  const seen = shown === undefined || shown === '' ? 'none' : /^\*+/.test(shown) ? `…${shown.replace(/^\*+/, '')}` : shown;
  return `${what}: Databend has ${seen}, the setup needs …${tail(expected)}`;
}

/**
 * Differences between an existing connection (its SHOW CONNECTIONS row) and the setup's:
 * storage type, role ARN, external ID, region. Empty when it is the same connection.
 */
export function connectionDrift(row: { storage_type?: unknown; storage_params?: unknown }, expected: ExpectedObjects): string[] {
  const params = parseConnectionParams(String(row.storage_params ?? ''));
  const found: string[] = [];
  if (String(row.storage_type ?? '').toLowerCase() !== 's3') found.push(`storage type: Databend has ${String(row.storage_type)}, the setup needs s3`);
  const roleArn = params.role_arn ?? params.aws_role_arn;
  if (!sameAsShown(roleArn, expected.roleArn)) found.push(differs('role ARN', roleArn, expected.roleArn));
  const externalId = params.external_id ?? params.aws_external_id;
  if (!sameAsShown(externalId, expected.externalId)) found.push(differs('external ID', externalId, expected.externalId));
  if (expected.region && !sameAsShown(params.region, expected.region)) found.push(differs('region', params.region, expected.region));
  if (expected.endpointUrl && !sameAsShown(params.endpoint_url, expected.endpointUrl)) found.push(differs('endpoint URL', params.endpoint_url, expected.endpointUrl));
  return found;
}

/**
 * Differences between an existing stage (its DESC STAGE row) and the setup's: URL (bucket
 * and prefix) and the role ARN and external ID it copied from its connection.
 */
export function stageDrift(row: { url?: unknown; storage_params?: unknown }, expected: ExpectedObjects): string[] {
  const found: string[] = [];
  const url = String(row.url ?? '');
  const wanted = stageUrl(expected.bucket, expected.prefix);
  // Databend writes the stage root with a trailing '/'; the bucket root may come back either way.
  if (url.replace(/\/$/, '') !== wanted.replace(/\/$/, '')) found.push(`URL: Databend has ${url || 'none'}, the setup needs ${wanted}`);
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(String(row.storage_params ?? '{}')) as Record<string, unknown>;
  } catch {
    // Not JSON: compare nothing more than the URL.
  }
  const roleArn = typeof params.role_arn === 'string' ? params.role_arn : undefined;
  if (!sameAsShown(roleArn, expected.roleArn)) found.push(differs('role ARN', roleArn, expected.roleArn));
  const externalId = typeof params.external_id === 'string' ? params.external_id : undefined;
  if (!sameAsShown(externalId, expected.externalId)) found.push(differs('external ID', externalId, expected.externalId));
  return found;
}
