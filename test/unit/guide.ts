// The example values and documents of Databend's guide "Authenticate with AWS IAM Role".
export const GUIDE = {
  databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
  bucket: 'test-bucket-123',
  externalId: 'my-external-id-123',
  roleArn: 'arn:aws:iam::987654321987:role/databend-test',
  connectionName: 'databend_test',
  stageName: 'databend_test',
  permissionPolicy:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::test-bucket-123"},{"Effect":"Allow","Action":"s3:*Object","Resource":"arn:aws:s3:::test-bucket-123/*"}]}',
  trustPolicy:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg"},"Condition":{"StringEquals":{"sts:ExternalId":"my-external-id-123"}},"Action":"sts:AssumeRole"}]}',
  sql: [
    "CREATE CONNECTION databend_test STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/databend-test' EXTERNAL_ID = 'my-external-id-123';",
    "CREATE STAGE databend_test URL = 's3://test-bucket-123' CONNECTION = (CONNECTION_NAME = 'databend_test');",
    'SELECT * FROM @databend_test/test.parquet LIMIT 1;',
  ],
};
