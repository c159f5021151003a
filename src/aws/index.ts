// Entry point of dist/aws.js: the AWS SDK and everything built on it, loaded by the UI
// on first use so that activation never pays for the SDK.

export { validatePolicies, type ValidatedDocuments } from './accessAnalyzer';
export { checkBucket, type BucketCheck } from './bucket';
export { AwsClientCache, AwsClients, type AwsSettings } from './clients';
export { explainCredentialError } from './credentials';
export { AwsActionError, AwsProfileError, explainAwsError } from './errors';
export { SdkIamGateway, type IamGateway } from './iamGateway';
export { callerIdentity, type CallerIdentity } from './identity';
export { listProfiles, type AwsProfile, type ProfileKind } from './profiles';
export { applyPlan, planProvisioning, ProvisionError, readCurrentState, teardown, type ApplyResult, type TeardownResult } from './provision';
export type { AwsTarget } from './region';
// This bundle has its own copy of @vscode/l10n: the UI hands it the loaded translations.
export { config as configureStrings } from '@vscode/l10n';
