// Command ids, settings and names the package.json contributes: one place, so code and
// manifest cannot drift apart unnoticed (a test compares both).

export const EXTENSION_ID = 'databend-tools.databend-iam-role';

export const Commands = {
  generateSql: 'databendIam.generateSql',
  provision: 'databendIam.provision',
  teardown: 'databendIam.teardown',
  showLogs: 'databendIam.showLogs',
} as const;

export const Settings = {
  awsEndpointUrl: 'databendIam.aws.endpointUrl',
} as const;

export const LOG_CHANNEL_NAME = 'Databend IAM Role';
