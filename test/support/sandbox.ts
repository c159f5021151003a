// npm run sandbox: the whole flow without an AWS or a Databend Cloud account.
// moto stands in for AWS, the local Databend for Databend Cloud, code-server for VS Code.
// Prints the URL to open; Ctrl-C stops everything.

import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startCodeServer } from './codeServer';
import { startLocalDatabend } from './databend';
import { MOTO_CREDENTIALS, startMoto } from './moto';
import { parquetBytes } from './parquet';
import { NEWEST } from './paths';
import { buildTestExtension } from './testBuilds';

async function main(): Promise<void> {
  console.log('Starting moto, the local Databend and VS Code (the first run installs them)…');
  const moto = await startMoto();
  // The engine reaches STS and S3 at their real names through a TLS proxy to moto: the guide's SQL runs unchanged.
  const databend = await startLocalDatabend({ password: 'sandbox', awsEndpoint: moto.endpoint });
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: 'sandbox-bucket' }));
  await s3.send(new PutObjectCommand({ Bucket: 'sandbox-bucket', Key: 'test.parquet', Body: parquetBytes({ id: [1, 2, 3], city: ['Lisbon', 'Oslo', 'Kyoto'] }) }));
  for (const key of ['data/2024/orders.csv', 'data/2024/customers.csv']) {
    await s3.send(new PutObjectCommand({ Bucket: 'sandbox-bucket', Key: key, Body: 'id,name\n1,alice\n2,bob\n' }));
  }
  s3.destroy();
  const server = await startCodeServer({
    release: NEWEST,
    extensionMain: await buildTestExtension('sandbox'),
    settings: { 'databendIam.aws.endpointUrl': moto.endpoint },
    motoProfiles: true,
    env: { DATABEND_IAM_SANDBOX_DSN: databend.dsn },
    workspaceFiles: {
      'SANDBOX.md':
        '# Databend IAM Role sandbox\n\n' +
        '- AWS is moto: the profile `moto` (account 123456789012) and the bucket `sandbox-bucket` exist.\n' +
        "- Databend is a local engine: the login `sandbox` is saved (open the Databend view).\n" +
        "- Try **Databend: Set Up S3 Access with an IAM Role…** with Databend role ARN `arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg` (Databend Cloud's role stands in here), bucket `sandbox-bucket`, test file `test.parquet` and Databend login `sandbox`: **Create in AWS**, then **Run and Verify**.\n" +
        '- The local engine assumes the role for real: its STS and S3 calls go through a TLS proxy to moto (moto does not check trust policies or external IDs, AWS does).\n',
    },
  });
  const stop = async () => {
    console.log('\nStopping…');
    await Promise.all([server.stop(), moto.stop(), databend.stop()]);
    process.exit(0);
  };
  // A graceful stop replaces the test launchers' kill-everything handler.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void stop());
  }
  console.log(`\nSandbox ready. Open in a browser:\n  ${server.workspaceUrl}\n\nmoto: ${moto.endpoint}\nlocal Databend: 127.0.0.1:${databend.port} (user root, password sandbox)\nCtrl-C stops everything.`);
}

main().catch((error) => {
  console.error(`The sandbox could not start: ${(error as Error).message}`);
  process.exit(1);
});
