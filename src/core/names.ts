// Default names derived from the bucket, so a user who accepts every default gets a
// consistent set: role and policy in IAM, connection and stage in Databend.

import { isReservedWord } from './identifiers';

export interface DerivedNames {
  roleName: string;
  policyName: string;
  connectionName: string;
  stageName: string;
}

export function deriveNames(bucket: string, prefix = ''): DerivedNames {
  const base = [bucket, prefix].map((s) => s.trim()).filter((s) => s !== '').join('-');
  const iam = `databend-${base.replace(/[^\w+=,.@-]+/g, '-')}`;
  let ident = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (ident === '' || /^\d/.test(ident) || isReservedWord(ident)) {
    ident = `s3_${ident}`.replace(/_+$/, '');
  }
  return {
    roleName: iam.slice(0, 64),
    policyName: `${iam.slice(0, 121)}-access`,
    connectionName: ident.slice(0, 255),
    stageName: ident.slice(0, 255),
  };
}
