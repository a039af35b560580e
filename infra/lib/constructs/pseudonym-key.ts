// The erasure's pseudonym key (docs/security.md, "Privacy", "The pseudonym key"): one generated secret per stage,
// readable by the erasure's function alone, which gets its ARN (never its value) and reads it at run time.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ThetaFunction } from './theta-function';

/** the environment variable holding the secret's ARN (functions/src/taskers/pseudonym-key.ts reads it) */
export const PSEUDONYM_SECRET_ARN_ENV = 'THETA_PSEUDONYM_SECRET_ARN';

export interface PseudonymKeyProps {
  stage: string;
  /** keep the secret when the stack is deleted, like the tables: without it the kept audit's pseudonyms are orphans */
  retainData: boolean;
}

export class PseudonymKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: PseudonymKeyProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `Theta ${props.stage}: HMAC key of erased taskers' pseudonyms (docs/security.md, "Privacy"). Never rotate or replace it.`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated on purpose: the key derives every erased tasker\'s pseudonym, so a rotated key would change them all and the erasure would no longer find its markers or the kept audit.',
    });
  }

  /** the function's only access to it: the ARN in its environment and GetSecretValue/DescribeSecret on this secret */
  grantRead(fn: ThetaFunction): void {
    fn.addEnvironment(PSEUDONYM_SECRET_ARN_ENV, this.secret.secretArn);
    this.secret.grantRead(fn.role);
  }
}
