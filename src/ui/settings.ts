// The extension's settings, read in one typed place. Defaults live only in package.json
// (VS Code applies them); nothing here repeats them.

import * as vscode from 'vscode';

const KEYS = {
  awsEndpointUrl: 'databendIam.aws.endpointUrl',
  codeLensEnabled: 'databendIam.codeLens.enabled',
  askOrganizationRequirements: 'databendIam.setup.askOrganizationRequirements',
  resultsMaxRows: 'databendIam.results.maxRows',
} as const;

export type SettingName = keyof typeof KEYS;

const read = <T>(name: SettingName): T => vscode.workspace.getConfiguration().get<T>(KEYS[name]) as T;

export const settings = {
  /** The IAM/STS/S3 endpoint override (LocalStack, moto), or undefined for AWS itself. */
  awsEndpointUrl: (): string | undefined => read<string>('awsEndpointUrl')?.trim() || undefined,
  codeLensEnabled: (): boolean => read<boolean>('codeLensEnabled'),
  /** Whether the quick-input setup also asks for a permissions boundary, a role path and tags. */
  askOrganizationRequirements: (): boolean => read<boolean>('askOrganizationRequirements') === true,
  /** Rows fetched per result, at least 1. */
  resultsMaxRows: (): number => Math.max(1, read<number>('resultsMaxRows')),
  /** Whether a configuration change touches `name`. */
  changed: (event: vscode.ConfigurationChangeEvent, name: SettingName): boolean => event.affectsConfiguration(KEYS[name]),
  /** The full key of `name`, as package.json contributes it. */
  key: (name: SettingName): string => KEYS[name],
};
