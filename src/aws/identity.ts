import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsProfileError, explainAwsError } from './errors';
import { DATABEND_PARTITION, partitionOfArn } from './region';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

/**
 * Who the profile is: shown before anything changes; its partition goes into every ARN.
 * @throws AwsProfileError when the identity is outside Databend's partition: the last
 * check before any change (AwsClients already refuses such profiles by their settings).
 */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  let identity: CallerIdentity;
  try {
    const result = await sts.send(new GetCallerIdentityCommand({}));
    const arn = result.Arn ?? '';
    identity = { accountId: result.Account ?? '', arn, partition: partitionOfArn(arn) ?? DATABEND_PARTITION };
  } catch (error) {
    throw explainAwsError(error, 'find out who the AWS profile is (sts:GetCallerIdentity)');
  }
  if (identity.partition !== DATABEND_PARTITION) {
    throw new AwsProfileError(
      `The AWS profile signs in as ${identity.arn}, in the partition ${identity.partition}. Databend Cloud's role is in the commercial ` +
        `partition "${DATABEND_PARTITION}", and an IAM role can only trust principals of its own partition: choose a profile for an ` +
        'account in a commercial AWS region.',
    );
  }
  return identity;
}
