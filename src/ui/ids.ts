// Command ids, settings and names the package.json contributes: one place, so code and
// manifest cannot drift apart unnoticed (a test compares both).

export const EXTENSION_ID = 'databend-tools.databend-iam-role';

export const Commands = {
  generateSql: 'databendIam.generateSql',
  showLogs: 'databendIam.showLogs',
} as const;

export const LOG_CHANNEL_NAME = 'Databend IAM Role';
