import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { explainAwsError } from './errors';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

/** Who the profile is: shown before anything changes; its partition goes into every ARN. */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  try {
    const result = await sts.send(new GetCallerIdentityCommand({}));
    const arn = result.Arn ?? '';
    return { accountId: result.Account ?? '', arn, partition: arn.split(':')[1] || 'aws' };
  } catch (error) {
    throw explainAwsError(error, 'find out who the AWS profile is (sts:GetCallerIdentity)');
  }
}
