// Policy checks before anything changes: the generated trust and permission policies are
// evaluated (policyEval.ts) for requests that must be allowed and requests that must not,
// and each check says which request went the wrong way. Pure: no AWS call, so the plan
// shows them for any profile, and a failed check blocks Create.
//
// The requests ("probes") are those IAM sees when Databend uses the role: STS AssumeRole
// from Databend's role with the external ID (sts:ExternalId), S3 ListBucket with the
// listed folder (s3:prefix), object reads and writes, plus requests outside the setup
// that must stay denied. Sources: AWS STS "AssumeRole" (ExternalId), Amazon S3 "Actions,
// resources and condition keys" (s3:ListBucket on the bucket ARN with s3:prefix;
// object actions on arn:…:s3:::bucket/key).

import * as l10n from '@vscode/l10n';
import { Decision, EvalRequest, evaluatePolicy } from './policyEval';
import { describeLocations } from './locations';
import type { Access, S3Place } from './policies';
import { normalizePrefix } from './validate';

/** What the user asked for: the documents are checked against it, not against themselves. */
export interface CheckIntent {
  partition: string;
  /** The customer's account, which holds the role. */
  accountId: string;
  roleName: string;
  databendRoleArn: string;
  externalId: string;
  bucket: string;
  prefix?: string;
  /** More locations the role serves: each is checked as the first, and "outside" is outside them all. */
  moreLocations?: readonly S3Place[];
  access?: Access;
  kmsKeyArn?: string;
}

/** The intent's locations, the first one first, with normalised prefixes. */
function placesOf(intent: CheckIntent): { bucket: string; prefix: string }[] {
  return [{ bucket: intent.bucket, prefix: intent.prefix }, ...(intent.moreLocations ?? [])].map((p) => ({ bucket: p.bucket.trim(), prefix: normalizePrefix(p.prefix) }));
}

export interface CheckedDocuments {
  trustPolicy: unknown;
  permissionPolicy: unknown;
}

export type CheckId = 'trust' | 'list' | 'objects' | 'outside';

/** One request and the answer IAM must give. */
export interface Probe {
  check: CheckId;
  document: keyof CheckedDocuments;
  /** What the request is, in a user's words. */
  what: string;
  request: EvalRequest;
  expect: 'Allowed' | 'Denied';
}

export interface PolicyCheck {
  id: CheckId;
  title: string;
  passed: boolean;
  /** One line per request that went the wrong way (empty when passed). */
  problems: string[];
}

const OTHER_BUCKET = 'databend-check-other-bucket';

/** Every request the checks make, with the answer each must get. */
export function checkProbes(intent: CheckIntent): Probe[] {
  const { partition: p, accountId } = intent;
  const access = intent.access ?? 'readwrite';
  const roleArn = `arn:${p}:iam::${accountId}:role/${intent.roleName}`;
  const probes: Probe[] = [];
  const add = (check: CheckId, document: keyof CheckedDocuments, what: string, request: EvalRequest, expect: Probe['expect']) =>
    probes.push({ check, document, what, request: document === 'permissionPolicy' ? { ...request, principal: undefined } : request, expect });

  // Trust: AssumeRole on the role, from Databend's role, with and without the external ID.
  const assume = (principal: string, externalId?: string): EvalRequest => ({
    action: 'sts:AssumeRole',
    resource: roleArn,
    principal,
    context: externalId === undefined ? {} : { 'sts:ExternalId': externalId },
  });
  const databendAccount = intent.databendRoleArn.split(':')[4] ?? '';
  const neighbour = `arn:${p}:iam::${databendAccount}:role/someone-else`;
  add('trust', 'trustPolicy', l10n.t("Databend's role with the external ID"), assume(intent.databendRoleArn, intent.externalId), 'Allowed');
  add('trust', 'trustPolicy', l10n.t("Databend's role without an external ID"), assume(intent.databendRoleArn), 'Denied');
  add('trust', 'trustPolicy', l10n.t("Databend's role with another external ID"), assume(intent.databendRoleArn, `${intent.externalId}-other`), 'Denied');
  add('trust', 'trustPolicy', l10n.t('another role in Databend’s account, with the external ID'), assume(neighbour === intent.databendRoleArn ? `${neighbour}-2` : neighbour, intent.externalId), 'Denied');
  add('trust', 'trustPolicy', l10n.t('a role in another account, with the external ID'), assume(`arn:${p}:iam::${accountId === '111122223333' ? '444455556666' : '111122223333'}:role/someone-else`, intent.externalId), 'Denied');

  const places = placesOf(intent);
  // A request that some location of the setup covers is no "outside" request, whichever location it was made for.
  const covers = (bucket: string, key: string) => places.some((l) => l.bucket === bucket && (l.prefix === '' || key.startsWith(`${l.prefix}/`)));
  const listsInside = (bucket: string, listed?: string) => places.some((l) => l.bucket === bucket && (l.prefix === '' || (listed !== undefined && listed.startsWith(`${l.prefix}/`))));
  const list = (arn: string, listed?: string): EvalRequest => ({ action: 's3:ListBucket', resource: arn, context: listed === undefined ? {} : { 's3:prefix': listed } });
  const on = (action: string, resource: string): EvalRequest => ({ action, resource });
  const denyObject = (what: string, bucket: string, key: string, action = 's3:GetObject') => {
    if (!covers(bucket, key)) add('objects', 'permissionPolicy', what, on(action, `arn:${p}:s3:::${bucket}/${key}`), 'Denied');
  };
  const denyList = (what: string, bucket: string, listed?: string) => {
    if (!listsInside(bucket, listed)) add('objects', 'permissionPolicy', what, list(`arn:${p}:s3:::${bucket}`, listed), 'Denied');
  };
  const many = places.length > 1;

  for (const place of places) {
    const { bucket: b, prefix } = place;
    const bucketArn = `arn:${p}:s3:::${b}`;
    const inside = prefix === '' ? '' : `${prefix}/`;
    const object = `${bucketArn}/${inside}_databend_check/probe.parquet`;
    // List: the bucket (under the prefix, as Databend lists a stage's folder).
    add('list', 'permissionPolicy', prefix ? l10n.t('s3:ListBucket on {0} under {1}', b, inside) : l10n.t('s3:ListBucket on {0}', b), list(bucketArn, prefix ? inside : undefined), 'Allowed');
    // Objects: what the access allows under the prefix, and nothing beside it.
    add('objects', 'permissionPolicy', l10n.t('s3:GetObject under {0}', `${b}/${inside}`), on('s3:GetObject', object), 'Allowed');
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      add('objects', 'permissionPolicy', l10n.t('{0} under {1}', action, `${b}/${inside}`), on(action, object), access === 'readwrite' ? 'Allowed' : 'Denied');
    }
    if (prefix !== '') {
      denyList(l10n.t('s3:ListBucket of the whole bucket {0}', b), b);
      denyList(l10n.t('s3:ListBucket of {0} under other/', b), b, 'other/');
      denyObject(many ? l10n.t('s3:GetObject outside {0} (other/a.parquet) in {1}', inside, b) : l10n.t('s3:GetObject outside {0} (other/a.parquet)', inside), b, 'other/a.parquet');
      denyObject(
        many ? l10n.t('s3:GetObject in a sibling folder ({0}-other/a.parquet) in {1}', prefix, b) : l10n.t('s3:GetObject in a sibling folder ({0}-other/a.parquet)', prefix),
        b,
        `${prefix}-other/a.parquet`,
      );
    }
    add('objects', 'permissionPolicy', l10n.t('s3:PutObjectAcl under {0}', `${b}/${inside}`), on('s3:PutObjectAcl', object), 'Denied');
  }
  if (intent.kmsKeyArn) {
    add('list', 'permissionPolicy', l10n.t('kms:Decrypt with the bucket’s KMS key'), { action: 'kms:Decrypt', resource: intent.kmsKeyArn }, 'Allowed');
    add('objects', 'permissionPolicy', l10n.t('kms:GenerateDataKey with the bucket’s KMS key (to write)'), { action: 'kms:GenerateDataKey', resource: intent.kmsKeyArn }, access === 'readwrite' ? 'Allowed' : 'Denied');
  }

  // Outside: other buckets, the buckets' own settings, IAM, STS and other KMS keys.
  const buckets = [...new Set(places.map((l) => l.bucket))];
  const inside = places[0].prefix === '' ? '' : `${places[0].prefix}/`;
  let other = OTHER_BUCKET;
  for (let n = 2; buckets.includes(other); n++) other = `${OTHER_BUCKET}-${n}`;
  const otherBucketArn = `arn:${p}:s3:::${other}`;
  add('outside', 'permissionPolicy', l10n.t('s3:ListBucket on another bucket'), list(otherBucketArn), 'Denied');
  add('outside', 'permissionPolicy', l10n.t('s3:GetObject in another bucket'), on('s3:GetObject', `${otherBucketArn}/${inside}a.parquet`), 'Denied');
  for (const b of buckets) {
    const bucketArn = `arn:${p}:s3:::${b}`;
    if (!buckets.includes(`${b}-2`)) add('outside', 'permissionPolicy', l10n.t('s3:GetObject in {0}-2, a bucket whose name starts alike', b), on('s3:GetObject', `arn:${p}:s3:::${b}-2/${inside}a.parquet`), 'Denied');
    add('outside', 'permissionPolicy', l10n.t('s3:PutBucketPolicy on {0}', b), on('s3:PutBucketPolicy', bucketArn), 'Denied');
    add('outside', 'permissionPolicy', l10n.t('s3:DeleteBucket on {0}', b), on('s3:DeleteBucket', bucketArn), 'Denied');
  }
  add('outside', 'permissionPolicy', l10n.t('iam:PassRole on another role'), on('iam:PassRole', `arn:${p}:iam::${accountId}:role/someone-else`), 'Denied');
  add('outside', 'permissionPolicy', l10n.t('sts:AssumeRole of another role'), on('sts:AssumeRole', `arn:${p}:iam::${accountId}:role/someone-else`), 'Denied');
  add('outside', 'permissionPolicy', l10n.t('kms:Decrypt with another KMS key'), on('kms:Decrypt', `arn:${p}:kms:us-east-1:${accountId}:key/00000000-0000-0000-0000-000000000000`), 'Denied');
  return probes;
}

const TITLES: Record<CheckId, (intent: CheckIntent) => string> = {
  trust: () => l10n.t("Only Databend's role can assume the role, and only with the external ID"),
  list: (i) =>
    i.kmsKeyArn ? l10n.t('Databend can list {0} and decrypt with its KMS key', describeLocations(placesOf(i))) : l10n.t('Databend can list {0}', describeLocations(placesOf(i))),
  objects: (i) =>
    (i.access ?? 'readwrite') === 'read'
      ? l10n.t('Object actions only under {0} (read)', describeLocations(placesOf(i)))
      : l10n.t('Object actions only under {0} (read and write)', describeLocations(placesOf(i))),
  outside: (i) =>
    placesOf(i).length > 1
      ? l10n.t('Nothing outside these locations: no other bucket, bucket setting, IAM, STS or KMS key')
      : l10n.t('Nothing outside the bucket: no other bucket, bucket setting, IAM, STS or KMS key'),
};

function said(decision: Decision): string {
  return decision === 'Allowed' ? l10n.t('allows it') : decision === 'ExplicitlyDenied' ? l10n.t('denies it explicitly') : l10n.t('does not allow it');
}

/** The four checks of the generated documents against the intent, in the order a user reads them. */
export function policyChecks(documents: CheckedDocuments, intent: CheckIntent): PolicyCheck[] {
  const problems: Record<CheckId, string[]> = { trust: [], list: [], objects: [], outside: [] };
  for (const probe of checkProbes(intent)) {
    const result = evaluatePolicy(documents[probe.document], probe.request);
    const trust = probe.document === 'trustPolicy';
    if ('unsupported' in result) {
      problems[probe.check].push(
        trust
          ? l10n.t('{0}: the trust policy could not be evaluated ({1})', probe.what, result.unsupported)
          : l10n.t('{0}: the permission policy could not be evaluated ({1})', probe.what, result.unsupported),
      );
    } else if ((result.decision === 'Allowed') !== (probe.expect === 'Allowed')) {
      // said() is the policy's verb phrase: "allows it", "denies it explicitly", "does not allow it".
      const verdict = said(result.decision);
      problems[probe.check].push(
        probe.expect === 'Allowed'
          ? trust
            ? l10n.t('{0}: should be allowed, but the trust policy {1}', probe.what, verdict)
            : l10n.t('{0}: should be allowed, but the permission policy {1}', probe.what, verdict)
          : trust
            ? l10n.t('{0}: should be denied, but the trust policy {1}', probe.what, verdict)
            : l10n.t('{0}: should be denied, but the permission policy {1}', probe.what, verdict),
      );
    }
  }
  return (Object.keys(problems) as CheckId[]).map((id) => ({ id, title: TITLES[id](intent), passed: problems[id].length === 0, problems: problems[id] }));
}

/** The checks as plan lines: ✓ or ✗ and the title, each problem indented below. */
export function describeChecks(checks: readonly PolicyCheck[]): string[] {
  return checks.flatMap((c) => [`${c.passed ? '✓' : '✗'} ${c.title}`, ...c.problems.map((p) => `   ${p}`)]);
}

/**
 * Why Create must not run, or undefined when every check passed. The message names each
 * failed check and its first problems.
 */
export function checksBlockCreate(checks: readonly PolicyCheck[]): string | undefined {
  const failed = checks.filter((c) => !c.passed);
  if (failed.length === 0) return undefined;
  const lines = failed.map((c) =>
    c.problems.length > 2 ? l10n.t('{0}: {1} (and {2} more)', c.title, c.problems.slice(0, 2).join('; '), c.problems.length - 2) : `${c.title}: ${c.problems.join('; ')}`,
  );
  return failed.length === 1
    ? l10n.t('Nothing was changed: a policy check of the generated documents failed. {0}.', lines.join('. '))
    : l10n.t('Nothing was changed: {0} policy checks of the generated documents failed. {1}.', failed.length, lines.join('. '));
}
