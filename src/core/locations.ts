// Several locations per role (Snowflake's STORAGE_ALLOWED_LOCATIONS): one role and one
// connection serve more than one bucket or folder, each read through its own stage. The
// setup's first location is its bucket, prefix and stage name; the others follow in
// `moreLocations`. Pure: rules and wording only.

import * as l10n from '@vscode/l10n';
import { isTagValue } from './iamLimits';
import { deriveNames, shortHash } from './names';
import { normalizePrefix, validateBucketName, validateIdentifier, validatePrefix } from './validate';

/** One more location of a setup: a bucket, an optional folder in it, and the stage that reads it. */
export interface StageLocation {
  bucket: string;
  prefix: string;
  stageName: string;
}

/**
 * The most locations one setup holds, its first included. IAM's 6,144-character limit on a
 * managed policy is checked on the document itself (iamLimits.ts); this keeps the form and
 * the plan readable.
 */
export const MAX_LOCATIONS = 10;

/** The fields of a location row, as the form names them in errors: `moreLocations.<index>.<field>`. */
export type LocationErrorKey = `moreLocations.${number}.${keyof StageLocation}`;

/** A setup's locations, its first one first. */
export function setupLocations(values: { bucket: string; prefix: string; stageName: string; moreLocations?: readonly StageLocation[] }): StageLocation[] {
  return [{ bucket: values.bucket, prefix: values.prefix, stageName: values.stageName }, ...(values.moreLocations ?? [])];
}

/** The key that makes two locations the same: the bucket and the prefix as the policy uses it. */
function placeKey(location: { bucket: string; prefix: string }): string {
  return `${location.bucket.trim()}\n${normalizePrefix(location.prefix)}`;
}

/**
 * One message per field of the more-locations rows: each bucket, prefix and stage name as
 * the first location's are checked, no location twice (the same bucket and normalised
 * prefix), no stage name twice (Databend keeps one stage per name: the second CREATE OR
 * REPLACE would replace the first), and at most MAX_LOCATIONS in all.
 */
export function validateMoreLocations(values: { bucket: string; prefix: string; stageName: string; moreLocations?: readonly StageLocation[] }): Partial<Record<LocationErrorKey, string>> {
  const errors: Partial<Record<LocationErrorKey, string>> = {};
  const more = values.moreLocations ?? [];
  const places = new Map<string, number>([[placeKey(values), 0]]);
  const stages = new Map<string, number>([[values.stageName.trim(), 0]]);
  // Whole sentences per case: "the first location" and "location 3" start them differently.
  const samePlaceText = (index: number, location: string) =>
    index === 0
      ? l10n.t('The first location is already {0}: remove this row or change its bucket or prefix.', location)
      : l10n.t('Location {0} is already {1}: remove this row or change its bucket or prefix.', index + 1, location);
  const sameStageText = (index: number, stage: string) =>
    index === 0
      ? l10n.t('The first location already uses the stage name {0}: each location needs its own stage.', stage)
      : l10n.t('Location {0} already uses the stage name {1}: each location needs its own stage.', index + 1, stage);
  more.forEach((location, i) => {
    const key = (field: keyof StageLocation): LocationErrorKey => `moreLocations.${i}.${field}`;
    const set = (field: keyof StageLocation, message: string | undefined) => {
      if (message !== undefined) errors[key(field)] = message;
    };
    if (i + 1 >= MAX_LOCATIONS) set('bucket', l10n.t('One setup holds at most {0} locations: make another setup (another role) for the rest.', MAX_LOCATIONS));
    set('bucket', validateBucketName(location.bucket));
    set('prefix', validatePrefix(location.prefix));
    set('stageName', validateIdentifier(location.stageName, l10n.t('stage name')));
    const place = placeKey(location);
    const samePlace = places.get(place);
    if (samePlace !== undefined && errors[key('bucket')] === undefined && errors[key('prefix')] === undefined) {
      set('prefix', samePlaceText(samePlace, describeLocation(location)));
    }
    places.set(place, places.get(place) ?? i + 1);
    const stage = location.stageName.trim();
    const sameStage = stages.get(stage);
    if (sameStage !== undefined && errors[key('stageName')] === undefined) {
      set('stageName', sameStageText(sameStage, stage));
    }
    stages.set(stage, stages.get(stage) ?? i + 1);
  });
  return errors;
}

/** The stage name a new location row starts with: the one derived from its bucket and prefix. */
export function defaultStageName(bucket: string, prefix: string): string {
  return deriveNames(bucket, prefix).stageName;
}

/** A location as a stage URL reads: s3://bucket/ or s3://bucket/prefix/. */
export function describeLocation(location: { bucket: string; prefix?: string }): string {
  const folder = normalizePrefix(location.prefix);
  return `s3://${location.bucket.trim()}/${folder ? `${folder}/` : ''}`;
}

/** The locations in a sentence: "s3://a/", "s3://a/ and s3://b/data/", "s3://a/, s3://b/ and s3://c/". */
export function describeLocations(locations: readonly { bucket: string; prefix?: string }[]): string {
  return listInWords(locations.map(describeLocation));
}

/** Items in a sentence: "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : l10n.t('{0} and {1}', items.slice(0, -1).join(', '), items[items.length - 1]);
}

/**
 * Why the buckets cannot share one Databend connection, or undefined when they can: a
 * connection has one REGION (the first bucket's), and S3 refuses a request signed for
 * another region (AuthorizationHeaderMalformed / PermanentRedirect). Buckets whose region
 * is unknown are not judged.
 */
export function regionConflict(buckets: readonly { bucket: string; region?: string }[]): string | undefined {
  const [first, ...others] = buckets;
  if (!first?.region) return undefined;
  const elsewhere = others.filter((b) => b.region !== undefined && b.region !== first.region);
  if (elsewhere.length === 0) return undefined;
  const where = elsewhere.map((b) => l10n.t('The bucket {0} is in {1}', b.bucket, b.region ?? '')).join('; ');
  return elsewhere.length === 1
    ? l10n.t('{0}, but {1} is in {2}: one Databend connection has one REGION. Make a separate setup (its own role and connection) for that bucket.', where, first.bucket, first.region)
    : l10n.t('{0}, but {1} is in {2}: one Databend connection has one REGION. Make a separate setup (its own role and connection) for those buckets.', where, first.bucket, first.region);
}

/**
 * The locations a permission policy grants object actions on, read back from its object
 * statements (s3:GetObject / s3:*Object on `arn:<partition>:s3:::<bucket>/<prefix>/*` or
 * `…:<bucket>/*`), as permissionPolicy writes them; undefined when the document holds a
 * resource of another shape (a policy made or edited by hand: nothing can be concluded).
 */
export function locationsInPolicy(document: unknown): { bucket: string; prefix: string }[] | undefined {
  const statements = (document as { Statement?: unknown } | undefined)?.Statement;
  const found: { bucket: string; prefix: string }[] = [];
  for (const statement of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    const s = statement as { Action?: unknown; Resource?: unknown };
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    if (!actions.some((a) => a === 's3:GetObject' || a === 's3:*Object')) continue;
    for (const resource of Array.isArray(s.Resource) ? s.Resource : [s.Resource]) {
      const match = typeof resource === 'string' ? /^arn:[a-z-]+:s3:::([^/]+)\/(?:(.+)\/)?\*$/.exec(resource) : null;
      if (!match) return undefined;
      found.push({ bucket: match[1], prefix: match[2] ?? '' });
    }
  }
  return found.length > 0 ? found : undefined;
}

/** The stage URL form of a location: s3://bucket or s3://bucket/prefix/. */
export function s3Location(bucket: string, prefix?: string): string {
  const folder = normalizePrefix(prefix);
  return `s3://${bucket.trim()}${folder ? `/${folder}/` : ''}`;
}

/**
 * The value of the location tag for a setup's locations: locationTag of the one location,
 * or for several the first one's and how many more, with a hash of them all in their order
 * (`s3://a/data/ +2 <hash>`): equal values mean the same locations. Tag values allow
 * letters, digits, spaces and _.:/=+-@ (IAM TagRole), which is why there is no "#".
 */
export function locationsTag(places: readonly { bucket: string; prefix?: string }[]): string {
  const [first, ...more] = places;
  if (more.length === 0) return locationTag(first.bucket, first.prefix);
  const all = shortHash(places.map((p) => `${p.bucket.trim()}\n${normalizePrefix(p.prefix)}`).join('\n\n'));
  const head = locationTag(first.bucket, first.prefix);
  return `${head.length + 20 <= 256 ? head : `s3://${first.bucket.trim()}/`} +${more.length} ${all}`;
}

/**
 * The value of the location tag: the location itself when a tag value can hold it, else the
 * bucket and a hash of the exact location (tag values allow neither ( ) ! , nor more than
 * 256 characters). Equal values mean the same location, barring a 50-bit hash collision.
 */
export function locationTag(bucket: string, prefix?: string): string {
  const location = s3Location(bucket, prefix);
  return isTagValue(location) ? location : `s3://${bucket.trim()}/ ${shortHash(`${bucket.trim()}\n${normalizePrefix(prefix)}`)}`;
}
