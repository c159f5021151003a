import * as assert from 'node:assert/strict';
import { backoffMs, Cause, diagnoseStageError } from '../../src/core/diagnose';

// Error texts as users see them (through databend-driver: `APIError: QueryFailed: [code]message`), each
// with where it comes from. Texts marked "engine" were produced by the local Databend 1.2.895 (with moto
// for S3); the privilege texts cannot be: the embedded engine runs every query as root. The
// integration test test/integration/diagnose-engine.test.ts produces the engine ones afresh.
const REAL: { source: string; message: string; cause: Cause; retry: boolean; mentions: RegExp }[] = [
  {
    source: 'databendlabs/databend#12891 (a stage on S3 without usable credentials)',
    message:
      'APIError: PageError with 3002: PermissionDenied (persistent) at stat, context: { service: s3, path: TPC-H/2.18/10GB/nation.tbl } => no valid credential found, please check configuration or try again',
    cause: 'role-credentials',
    retry: true,
    mentions: /obtain credentials for the role.*propagation.*ROLE_ARN.*trust policy.*principal.*EXTERNAL_ID.*sts:ExternalId/s,
  },
  {
    source: 'opendal 0.54.1 core/src/services/s3/core.rs, as Databend shows opendal errors (Display)',
    message:
      'APIError: QueryFailed: [3002]PermissionDenied (persistent) at stat, context: { service: s3, path: test.parquet } => no valid credential found and anonymous access is not allowed [v0.33.7]',
    cause: 'role-credentials',
    retry: true,
    mentions: /obtain credentials for the role/,
  },
  {
    source: 'reqsign 0.16.5 src/aws/credential.rs (AssumeRole answered 403) with the STS answer from AWS',
    message:
      'APIError: QueryFailed: [4000]Unexpected (persistent) at list => loading credential to sign http request\n\nContext:\n   called: reqsign::LoadCredential\n   service: s3\n\nSource:\n   request to AWS STS Services failed: <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:sts::123456789012:assumed-role/xxxxxxx/tnabcdefg is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::987654321987:role/databend-test</Message>\n  </Error>\n</ErrorResponse>',
    cause: 'role-credentials',
    retry: true,
    mentions: /STS refused.*propagation.*principal.*EXTERNAL_ID/s,
  },
  {
    source: 'engine: LIST on a ROLE_ARN stage, as the local HTTP server passes it on (first paragraph)',
    message: 'Error: APIError: QueryFailed: [4000]Unexpected (persistent) at list => loading credential to sign http request [v0.33.7]',
    cause: 'sts-unreachable',
    retry: true,
    mentions: /request to AWS STS.*failed.*not your IAM setup/s,
  },
  {
    source: 'engine: the same error in full, from the embedded engine (bendpy) itself',
    message:
      'StorageOther. Code: 4000, Text = Unexpected (persistent) at list => loading credential to sign http request\n\nContext:\n   called: reqsign::LoadCredential\n   service: s3\n   path: /\n   listed: 0\n\nSource:\n   request to AWS EC2 Metadata Services failed: resolve_deny: denied destination\n\n',
    cause: 'sts-unreachable',
    retry: true,
    mentions: /network or Databend-side/,
  },
  {
    source: 'databendlabs/databend#15800 (list_stage_table.rs)',
    message: "error: APIError: ResponseError with 1063: Permission denied: privilege READ is required on stage wubx for user 'wubx'@'%'",
    cause: 'stage-privilege',
    retry: false,
    mentions: /READ privilege on stage wubx.*GRANT READ ON STAGE wubx TO ROLE <role>;/s,
  },
  {
    source: 'privilege_access.rs validate_stage_access → validate_access format',
    message:
      "APIError: QueryFailed: [1063]Permission denied: privilege [Read] is required on STAGE databend_test for user 'analyst'@'%' with roles [public,loader]. Note: Please ensure that your current role have the appropriate permissions to create a new Object [v0.33.7]",
    cause: 'stage-privilege',
    retry: false,
    mentions: /GRANT READ ON STAGE databend_test TO ROLE loader;/,
  },
  {
    source: 'databendlabs/databend#13823 (the older wording)',
    message: "error: APIError: ResponseError with 1063: Permission denied, privilege [Write] is required on STAGE cloudapp for user 'cloudapp'@'%' with roles [public]",
    cause: 'stage-privilege',
    retry: false,
    mentions: /GRANT WRITE ON STAGE cloudapp TO ROLE <role>;/,
  },
  {
    source: 'privilege_access.rs, Plan::CreateConnection with the connection privilege check on',
    message:
      "APIError: QueryFailed: [1063]Permission denied: privilege [CreateConnection] is required on *.* for user 'analyst'@'%' with roles [analyst_role]. Note: Please ensure that your current role have the appropriate permissions to create a new Object [v0.33.7]",
    cause: 'create-connection-privilege',
    retry: false,
    mentions: /CREATE CONNECTION privilege.*GRANT CREATE CONNECTION ON \*\.\* TO ROLE analyst_role;/s,
  },
  {
    source: 'privilege_access.rs, Plan::CreateStage (and CreateConnection without that check): SUPER',
    message:
      "APIError: QueryFailed: [1063]Permission denied: privilege [Super] is required on *.* for user 'analyst'@'%' with roles [public]. Note: Please ensure that your current role have the appropriate permissions to create a new Object [v0.33.7]",
    cause: 'super-privilege',
    retry: false,
    mentions: /SUPER privilege: CREATE STAGE needs it.*CREATE CONNECTION.*GRANT SUPER ON \*\.\* TO ROLE <role>;/s,
  },
  {
    source: 'privilege_access.rs validate_connection_access (CREATE STAGE … CONNECTION_NAME)',
    message: "APIError: QueryFailed: [1063]Permission denied: privilege [AccessConnection] is required on CONNECTION databend_test for user 'analyst'@'%' with roles [public,etl]",
    cause: 'connection-privilege',
    retry: false,
    mentions: /GRANT ACCESS CONNECTION ON CONNECTION databend_test TO ROLE etl;/,
  },
  {
    source: 'engine + moto: LIST on a stage whose bucket does not exist',
    message:
      'Error: APIError: QueryFailed: [4000]ConfigInvalid (persistent) at list => S3Error { code: "NoSuchBucket", message: "The specified bucket does not exist", resource: "", request_id: "XKkux3x3W0N45iKTGWSJ1rTWzcGpIacT3xJO1h8DNz40U0CNq3Qn" } [v0.33.7]',
    cause: 'no-bucket',
    retry: false,
    mentions: /bucket does not exist.*stage URL/s,
  },
  {
    source: 'engine + moto (IAM enforced): LIST with credentials whose policy lacks s3:ListBucket',
    message:
      'Error: APIError: QueryFailed: [3002]PermissionDenied (persistent) at list, context: { uri: http://127.0.0.1:37357/bucket-one?list-type=2, response: Parts { status: 403, version: HTTP/1.1, headers: {"server": "amazon.com", "content-type": "application/xml"} }, service: s3, path: /, listed: 0 } => S3Error { code: "AccessDenied", message: "Access Denied", resource: "", request_id: "O1UKSlYRn7yuje68fyl4vPyeHbIM15w2LgWZAmbQz1L3QP9TeTNO" }. [v0.33.7]',
    cause: 's3-access-denied',
    retry: true,
    mentions: /permission policy must allow s3:ListBucket.*s3:GetObject/s,
  },
  {
    source: 'engine + moto: LIST with an access key S3 does not know',
    message:
      'Error: APIError: QueryFailed: [3002]PermissionDenied (persistent) at list, context: { uri: http://127.0.0.1:37357/bucket-one?list-type=2, response: Parts { status: 403, version: HTTP/1.1 }, service: s3, path: /, listed: 0 } => S3Error { code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records.", resource: "", request_id: "aJB6" }. [v0.33.7]',
    cause: 'access-key',
    retry: false,
    mentions: /ACCESS_KEY_ID/,
  },
  {
    source: "S3's AuthorizationHeaderMalformed text (aws/aws-cli#2954 and others) in opendal's S3Error form",
    message:
      'APIError: QueryFailed: [4000]Unexpected (persistent) at list, context: { service: s3, path: / } => S3Error { code: "AuthorizationHeaderMalformed", message: "The authorization header is malformed; the region \'us-east-1\' is wrong; expecting \'eu-west-1\'", resource: "", request_id: "55MEG5JF920S4HGX" } [v0.33.7]',
    cause: 'wrong-region',
    retry: false,
    mentions: /REGION = 'eu-west-1'.*recreate the stage/s,
  },
  {
    source: "S3's PermanentRedirect text (tpyo/amazon-s3-php-class#28 and others) in opendal's S3Error form",
    message:
      'APIError: QueryFailed: [4000]Unexpected (persistent) at stat, context: { service: s3, path: test.parquet } => S3Error { code: "PermanentRedirect", message: "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.", resource: "", request_id: "B06E11977F7586C3" } [v0.33.7]',
    cause: 'wrong-region',
    retry: false,
    mentions: /another region.*REGION = '<the bucket's region>'/s,
  },
];

describe('diagnoseStageError', () => {
  for (const { source, message, cause, retry, mentions } of REAL) {
    it(`${cause}: ${source}`, () => {
      const d = diagnoseStageError(message);
      assert.equal(d.cause, cause);
      assert.equal(d.retry, retry);
      assert.match(d.text, mentions);
    });
  }

  it('never explains missing credentials as a missing Databend privilege (the reported mistake)', () => {
    const d = diagnoseStageError('PermissionDenied (persistent) at stat, context: { service: s3 } => no valid credential found');
    assert.equal(d.cause, 'role-credentials');
    assert.doesNotMatch(d.text, /privilege|SUPER|GRANT/);
  });

  it('keeps an unknown message as Databend wrote it', () => {
    assert.deepEqual(diagnoseStageError('something odd'), { retry: false, cause: 'unknown', text: 'Databend reported: something odd' });
  });

  it('backs off 2, 4, 8 then 10 seconds', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(backoffMs), [2000, 4000, 8000, 10000, 10000]);
  });
});
