// One validator per user input. Each returns a sentence a user can act on (what is
// wrong and how to fix it), or undefined when the value is fine. Pure: no I/O.

import { InvalidInputError } from './errors';
import { isReservedWord, SIMPLE_NAME } from './identifiers';
import * as l10n from '@vscode/l10n';

// External IDs are generated in externalId.ts; re-exported here, where callers have always found it.
export { newExternalId } from './externalId';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';
const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

const BUCKET_FORBIDDEN_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_FORBIDDEN_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function validateBucketName(name: string): string | undefined {
  const value = name.trim();
  if (value === '') {
    return l10n.t('Enter the S3 bucket name, for example my-data-bucket.');
  }
  if (value.includes('*')) {
    return l10n.t('A bucket name cannot contain "*": name one bucket, for example my-data-bucket.');
  }
  if (/^s3:\/\//i.test(value) || value.startsWith('arn:')) {
    return l10n.t('Enter just the bucket name (for example my-data-bucket), not an s3:// URL or an ARN.');
  }
  if (value.includes('/')) {
    return l10n.t('A bucket name cannot contain "/". Put the folder in "Path prefix" instead.');
  }
  if (value.length < 3 || value.length > 63) {
    return l10n.t('A bucket name has 3 to 63 characters; this one has {0}.', value.length);
  }
  if (/[A-Z]/.test(value)) {
    return l10n.t('S3 bucket names are lower case: use lower-case letters, digits, dots and hyphens.');
  }
  if (!/^[a-z0-9.-]+$/.test(value)) {
    return l10n.t('A bucket name may contain only lower-case letters, digits, dots (.) and hyphens (-).');
  }
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) {
    return l10n.t('A bucket name must begin and end with a lower-case letter or a digit.');
  }
  if (value.includes('..')) {
    return l10n.t('A bucket name cannot contain two dots in a row.');
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) {
    return l10n.t('A bucket name cannot look like an IP address.');
  }
  const prefix = BUCKET_FORBIDDEN_PREFIXES.find((p) => value.startsWith(p));
  if (prefix) {
    return l10n.t('A bucket name cannot start with "{0}" (reserved by AWS).', prefix);
  }
  const suffix = BUCKET_FORBIDDEN_SUFFIXES.find((s) => value.endsWith(s));
  if (suffix) {
    return l10n.t('A bucket name cannot end with "{0}" (reserved by AWS).', suffix);
  }
  return undefined;
}

/** Optional folder inside the bucket; leading and trailing slashes are ignored. */
export function validatePrefix(prefix: string): string | undefined {
  const value = normalizePrefix(prefix);
  if (value === '') {
    return undefined;
  }
  if (value.length > 900) {
    return l10n.t('The path prefix is too long: keep it under 900 characters.');
  }
  if (/[*?]/.test(value)) {
    return l10n.t('The path prefix cannot contain "*" or "?": name a folder, for example data/2024.');
  }
  if (value.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    return l10n.t('The path prefix has an empty, "." or ".." folder: write it like data/2024.');
  }
  // Printable characters without quotes or spaces, so the stage URL and @references stay plain.
  if (!/^[A-Za-z0-9!_.()\-=+,@:/]+$/.test(value)) {
    return l10n.t('The path prefix may use letters, digits and ! _ . ( ) - = + , @ : / only (no spaces or quotes).');
  }
  return undefined;
}

export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').trim().replace(/^\/+|\/+$/g, '');
}

const IAM_NAME_CHARS = /^[\w+=,.@-]+$/;
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d+):role\/(.+)$/;

export interface RoleArnParts {
  partition: Partition;
  accountId: string;
  path: string;
  roleName: string;
}

export function parseRoleArn(arn: string): RoleArnParts | undefined {
  if (validateRoleArn(arn) !== undefined) {
    return undefined;
  }
  const [, partition, accountId, rest] = ROLE_ARN.exec(arn.trim()) as RegExpExecArray;
  const slash = rest.lastIndexOf('/');
  return {
    partition: partition as Partition,
    accountId,
    path: slash < 0 ? '/' : `/${rest.slice(0, slash + 1)}`,
    roleName: rest.slice(slash + 1),
  };
}

export function validateRoleArn(arn: string): string | undefined {
  const value = arn.trim();
  const example = 'arn:aws:iam::123456789012:role/databend-access';
  if (value === '') {
    return l10n.t('Enter an IAM role ARN, for example {0}.', example);
  }
  if (value.includes('*')) {
    return l10n.t('A role ARN cannot contain "*": trust one exact role, never a wildcard.');
  }
  if (/\s/.test(value)) {
    return l10n.t('The role ARN contains spaces or line breaks: copy it again without them.');
  }
  if (!value.startsWith('arn:')) {
    return l10n.t('A role ARN starts with "arn:", for example {0}.', example);
  }
  const parts = value.split(':');
  if (parts.length < 6) {
    return l10n.t('This is not a complete ARN; expected the form {0}.', example);
  }
  const [, partition, service, region, account] = parts;
  if (!(PARTITIONS as readonly string[]).includes(partition)) {
    return l10n.t('Unknown AWS partition "{0}": use aws, aws-cn or aws-us-gov.', partition);
  }
  // Databend Cloud runs in the commercial partition, and IAM trust never crosses partitions.
  if (partition !== 'aws') {
    return l10n.t('This ARN is in the {0} partition; Databend Cloud runs in the commercial one (arn:aws:…), and a role cannot trust across partitions.', partition);
  }
  if (service !== 'iam') {
    return l10n.t('This is an ARN of the "{0}" service; an IAM role ARN has "iam" there ({1}).', service, example);
  }
  if (region !== '') {
    return l10n.t('IAM ARNs have no region: the part after "iam:" must be empty (arn:aws:iam::<account>:role/...).');
  }
  if (!/^\d{12}$/.test(account)) {
    return l10n.t('The account ID must be exactly 12 digits; "{0}" is not.', account);
  }
  const resource = parts.slice(5).join(':');
  if (resource.startsWith('user/')) {
    return l10n.t('This is an IAM user ARN; a role ARN is needed (it contains ":role/").');
  }
  if (!resource.startsWith('role/')) {
    return l10n.t('The ARN must name a role (":role/<name>"), for example {0}.', example);
  }
  const segments = resource.slice('role/'.length).split('/');
  const name = segments[segments.length - 1];
  if (segments.some((s) => s === '')) {
    return l10n.t('The role ARN has an empty path segment ("//" or a trailing "/"): copy the full ARN again.');
  }
  if (!segments.every((s) => IAM_NAME_CHARS.test(s))) {
    return l10n.t('The role name and path may contain letters, digits and + = , . @ _ - only.');
  }
  if (name.length > 64) {
    return l10n.t('The role name "{0}" is longer than the 64 characters IAM allows.', name);
  }
  if (resource.length - name.length > 512) {
    return l10n.t('The role path is longer than the 512 characters IAM allows.');
  }
  return undefined;
}

export function validateExternalId(id: string): string | undefined {
  const value = id.trim();
  if (value.length < 2) {
    return l10n.t('The external ID must have at least 2 characters; use the generated one unless you were given one.');
  }
  if (value.length > 1224) {
    return l10n.t('The external ID may have at most 1224 characters; this one has {0}.', value.length);
  }
  if (!/^[\w+=,.@:/-]+$/.test(value)) {
    return l10n.t('The external ID may contain letters, digits and + = , . @ : / _ - only (no spaces or quotes).');
  }
  return undefined;
}

export function validateIamName(name: string, kind: 'role' | 'policy'): string | undefined {
  const value = name.trim();
  const max = kind === 'role' ? 64 : 128;
  if (value === '') {
    return l10n.t('Enter a name for the IAM {0}, for example databend-my-bucket.', kind);
  }
  if (value.length > max) {
    return l10n.t('An IAM {0} name may have at most {1} characters; this one has {2}.', kind, max, value.length);
  }
  if (!IAM_NAME_CHARS.test(value)) {
    return l10n.t('An IAM {0} name may contain letters, digits and + = , . @ _ - only.', kind);
  }
  return undefined;
}

/** Optional file under the stage for the test SELECT (the guide's `test.parquet`). */
export function validateTestFile(path: string): string | undefined {
  const value = path.trim().replace(/^\/+/, '');
  if (value === '') {
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return l10n.t('Give the path under the stage, such as test.parquet or data/test.parquet, not a URL.');
  }
  if (!/^[A-Za-z0-9!_.()\-=+,@:/]+$/.test(value) || value.endsWith('/')) {
    return l10n.t('The test file is a path under the stage such as data/test.parquet (no spaces, quotes or trailing "/").');
  }
  return undefined;
}

/**
 * Optional S3 endpoint for the connection (`ENDPOINT_URL`): an S3-compatible store, or a
 * VPC/FIPS endpoint. Empty for AWS's own (Databend then finds the bucket's region itself).
 */
export function validateEndpointUrl(url: string): string | undefined {
  const value = url.trim();
  if (value === '') return undefined;
  if (!/^https?:\/\/[^\s/?#'\\]+(:\d{1,5})?(\/[^\s?#'\\]*)?$/i.test(value)) {
    return l10n.t('The S3 endpoint is a URL such as https://s3.us-east-2.amazonaws.com or https://minio.example.com:9000 (no quotes, spaces, query or fragment).');
  }
  return undefined;
}

/**
 * Databend connection and stage names. Databend keeps their case, cannot quote them
 * and uses stage names bare in `@stage` references, so only plain identifiers that are
 * not reserved words are accepted.
 */
export function validateIdentifier(name: string, what = 'name'): string | undefined {
  const value = name.trim();
  if (value === '') {
    return l10n.t('Enter a {0}, for example my_bucket.', what);
  }
  if (value.startsWith('@')) {
    return l10n.t('Leave out the "@": it is only used when referring to a stage (write my_stage, not @my_stage).');
  }
  if (value.length > 255) {
    return l10n.t('A {0} may have at most 255 characters.', what);
  }
  if (!SIMPLE_NAME.test(value)) {
    return l10n.t('A {0} made by this extension must start with an ASCII letter or "_" and contain only ASCII letters, digits and "_" (for example my_bucket), so it works unquoted in every client.', what);
  }
  if (isReservedWord(value)) {
    return l10n.t('"{0}" is a reserved word in Databend SQL; choose another {1}, for example {2}_1.', value, what, value.toLowerCase());
  }
  return undefined;
}

/** Throws the validator's message when there is one: for inputs that reach the core from code. */
export function assertValid(message: string | undefined, field: string): void {
  if (message !== undefined) {
    throw new InvalidInputError(field, message);
  }
}
