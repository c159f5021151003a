import * as l10n from '@vscode/l10n';
// What a failed `LIST @stage` (or CREATE CONNECTION / CREATE STAGE) after setup means, and whether
// waiting can help: a new role is not assumable, and a new policy not in force, for up to a minute
// while IAM propagates.
//
// Where the message texts come from (each case has a test on such a text):
// - Databend's privilege checks, src/query/service/src/interpreters/access/privilege_access.rs
//   (`Permission denied: privilege [Super] is required on *.* for user 'u'@'%' with roles [r]…`; CREATE
//   CONNECTION checks SUPER, then CREATE CONNECTION), and table_functions/list_stage/list_stage_table.rs
//   (`Permission denied: privilege READ is required on stage s for user 'u'@'%'`), error code 1063.
// - opendal (the storage layer Databend uses): core/src/services/s3/core.rs (`no valid credential found…`,
//   `credential was previously loaded successfully but has failed this time`),
//   core/src/raw/http_util/error.rs (`loading credential to sign http request`), and
//   core/src/services/s3/error.rs (S3's answer as `S3Error { code: "…", message: "…" }`).
// - reqsign's AWS loader, src/aws/credential.rs: `request to AWS STS Services failed: <STS answer>`.
// - S3 and STS themselves: NoSuchBucket, AccessDenied, InvalidAccessKeyId (seen through the local
//   engine on moto), PermanentRedirect and AuthorizationHeaderMalformed (`the region 'us-east-1' is
//   wrong; expecting 'eu-west-1'`), STS AccessDenied (`… is not authorized to perform: sts:AssumeRole`).

export type Cause =
  | 'role-credentials'
  | 'sts-unreachable'
  | 'stage-privilege'
  | 'connection-privilege'
  | 'create-connection-privilege'
  | 'super-privilege'
  | 'privilege'
  | 'no-bucket'
  | 'wrong-region'
  | 's3-access-denied'
  | 'access-key'
  | 'unknown';

export interface Diagnosis {
  /** Worth another try after a pause (IAM propagation, a passing network fault). */
  retry: boolean;
  /** Which cause the message shows. */
  cause: Cause;
  text: string;
}

const CHECK_ROLE =
  "check that CREATE CONNECTION's ROLE_ARN is the role you created, that the role's trust policy names exactly Databend's role ARN for your organization as principal, and that the connection's EXTERNAL_ID equals the trust policy's sts:ExternalId";

/** `Read` → `READ`, `CreateConnection` → `CREATE CONNECTION`, as GRANT spells privileges. */
function privilegeSql(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** The role to name in a GRANT: the user's one role other than public, else a placeholder. */
function grantee(roles: string | undefined): string {
  const named = (roles ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '' && r !== 'public');
  return named.length === 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(named[0]) ? named[0] : '<role>';
}

function privilegeDiagnosis(message: string): Diagnosis | undefined {
  if (!/Permission denied/i.test(message)) return undefined;
  const roles = /with roles \[([^\]]*)\]/.exec(message)?.[1];
  const user = /for user ('[^']*'@'[^']*'|\S+)/.exec(message)?.[1];
  const who = user ? `Databend user ${user}` : 'your Databend user';
  const role = grantee(roles);
  // On a stage or connection: `privilege READ is required on stage s` or `privilege [Read] is required on STAGE s`.
  const onObject = /privilege \[?(\w+)\]? is required on (STAGE|stage|CONNECTION|connection) '?([^\s']+?)'?(?:\s|\.|$)/.exec(message);
  if (onObject) {
    const privilege = privilegeSql(onObject[1]);
    const kind = onObject[2].toUpperCase();
    const name = onObject[3];
    return {
      retry: false,
      cause: kind === 'STAGE' ? 'stage-privilege' : 'connection-privilege',
      text: `The ${who} lacks the ${privilege} privilege on ${kind.toLowerCase()} ${name}. A Databend admin grants it with: GRANT ${privilege} ON ${kind} ${name} TO ROLE ${role};`,
    };
  }
  const global = /privilege \[?(\w+)\]? is required on \*\.\*/.exec(message);
  if (global?.[1] === 'CreateConnection') {
    return {
      retry: false,
      cause: 'create-connection-privilege',
      text: `Creating a connection needs the CREATE CONNECTION privilege, which the ${who} lacks. A Databend admin grants it with: GRANT CREATE CONNECTION ON *.* TO ROLE ${role};`,
    };
  }
  if (global?.[1] === 'Super') {
    return {
      retry: false,
      cause: 'super-privilege',
      text: `The ${who} lacks the SUPER privilege: CREATE STAGE needs it, and so does CREATE CONNECTION where the server does not check CREATE CONNECTION on its own. A Databend admin grants it with: GRANT SUPER ON *.* TO ROLE ${role}; (or, for connections only, GRANT CREATE CONNECTION ON *.* TO ROLE ${role};)`,
    };
  }
  if (/privilege/i.test(message)) {
    return { retry: false, cause: 'privilege', text: `The ${who} lacks a Databend privilege for this statement: ${message.trim()}` };
  }
  return undefined;
}

export function diagnoseStageError(message: string): Diagnosis {
  // Databend's own privileges: `[1063]Permission denied: …` (not opendal's `PermissionDenied (…) at …`).
  const privilege = privilegeDiagnosis(message);
  if (privilege) return privilege;

  // STS answered and refused the role.
  if (/AWS STS Services failed[\s\S]*(AccessDenied|not authorized)|not authorized to perform:? sts:AssumeRole/i.test(message)) {
    return {
      retry: true,
      cause: 'role-credentials',
      text: `AWS STS refused to let Databend assume the role. Right after the role was created this is IAM propagation (up to a minute); if it persists, ${CHECK_ROLE}.`,
    };
  }
  // opendal found no credentials to sign with: Databend obtained none for the role.
  if (/no valid credential found|credential was previously loaded successfully but has failed/i.test(message)) {
    return {
      retry: true,
      cause: 'role-credentials',
      text: `Databend could not obtain credentials for the role. Right after the role was created this is IAM propagation (up to a minute); if it persists, ${CHECK_ROLE}. (A connection to a public bucket without a role needs ALLOW_ANONYMOUS = 'true' instead.)`,
    };
  }
  // The request for credentials itself failed, before any answer about the role.
  if (/loading credential to sign http request/i.test(message)) {
    return {
      retry: true,
      cause: 'sts-unreachable',
      text: 'Databend could not load credentials to sign its requests to S3: its request to AWS STS (or for its own instance credentials) failed without an answer about your role. This is a network or Databend-side problem, not your IAM setup: try again in a minute, and ask Databend support if it persists. (A local Databend without access to AWS STS always fails this way.)',
    };
  }
  if (/NoSuchBucket|specified bucket does not exist/i.test(message)) {
    return {
      retry: false,
      cause: 'no-bucket',
      text: "The bucket does not exist (S3 NoSuchBucket): check the bucket name in the stage URL (CREATE STAGE … URL = 's3://<bucket>/').",
    };
  }
  const expected = /region '[^']*' is wrong; expecting '([^']+)'/.exec(message)?.[1];
  if (expected || /PermanentRedirect|AuthorizationHeaderMalformed|IllegalLocationConstraint|must be addressed using the specified endpoint|301 Moved Permanently/i.test(message)) {
    const region = expected ? `REGION = '${expected}'` : "REGION = '<the bucket's region>'";
    return {
      retry: false,
      cause: 'wrong-region',
      text: `The bucket is in another region than the connection says: add ${region} to CREATE CONNECTION, then recreate the stage (a stage copies the connection's settings when it is created).`,
    };
  }
  if (/InvalidAccessKeyId|SignatureDoesNotMatch/.test(message)) {
    return {
      retry: false,
      cause: 'access-key',
      text: "S3 does not accept the connection's access key (InvalidAccessKeyId or SignatureDoesNotMatch): check ACCESS_KEY_ID and SECRET_ACCESS_KEY, or use ROLE_ARN and EXTERNAL_ID instead of keys.",
    };
  }
  if (/AccessDenied|Access Denied|403 Forbidden|status: 403/i.test(message)) {
    return {
      retry: true,
      cause: 's3-access-denied',
      text: "S3 refused the request (403 AccessDenied): the role's permission policy must allow s3:ListBucket on the bucket and s3:GetObject on its objects (under the path prefix, if any), and be attached to the role. A policy attached moments ago can take a minute to apply.",
    };
  }
  return { retry: false, cause: 'unknown', text: `Databend reported: ${message}` };
}

/** Pause before attempt `attempt` (1-based): 2, 4, 8, 10, 10… seconds. */
export function backoffMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** attempt);
}

/**
 * When databend-driver 0.33.7 fails to decode a result (not Databend refusing the statement),
 * what to do about it; undefined for any other error. The driver's texts, seen on the engine
 * (test/integration/values-engine.test.ts runs the statements): "Expected to have char …"
 * (Interval or Bitmap inside an Array/Tuple, a ±inf number in a Variant array), "ParseError:
 * invalid number" (Geometry inside an Array/Map), "DecodeError: Unknown type" (an empty array
 * or map, `[]`, `{}`).
 */
export function explainDecodeFailure(message: string): string | undefined {
  if (!/Expected to have char|ParseError: invalid number|DecodeError: Unknown type/.test(message)) return undefined;
  return (
    l10n.t('databend-driver 0.33.7 could not decode a value of this result ({0}). It fails on some nested values: ', message.trim()) +
    l10n.t('an Interval, Bitmap or Geometry inside an Array, Map or Tuple, an empty array or map ([] or {}), ±inf inside a Variant array. ') +
    l10n.t('CAST that column to STRING (or to VARIANT) in the SELECT, and the result shows.')
  );
}
