// One DynamoDB table per TABLES entry. Physical names are left to CloudFormation (so a table can be
// replaced without a name clash); functions learn them through THETA_TABLE_<KEY> env vars.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { KeyAttribute, TableDefinition, TableKey } from '@theta/store/tables';

export interface ThetaTablesProps {
  definitions: Readonly<Record<TableKey, TableDefinition>>;
  /** RETAIN on stack deletion (staging, prod) instead of DESTROY (dev) */
  retainData: boolean;
  /** block DeleteTable even for administrators until switched off (prod) */
  deletionProtection: boolean;
}

export interface ThetaTable {
  definition: TableDefinition;
  table: dynamodb.Table;
}

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

export class ThetaTables extends Construct {
  private readonly byKey = new Map<TableKey, ThetaTable>();

  constructor(scope: Construct, id: string, props: ThetaTablesProps) {
    super(scope, id);
    for (const definition of Object.values(props.definitions)) {
      const table = new dynamodb.Table(this, pascal(definition.key), {
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey && attribute(definition.sortKey),
        // On-demand: assessment traffic is bursty (cohorts start placements together) and idle at night.
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // KMS with the AWS-managed aws/dynamodb key: encrypted at rest and auditable in CloudTrail,
        // without a customer key whose policy every reader would also need a grant on.
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        timeToLiveAttribute: definition.timeToLiveAttribute,
        stream: definition.stream === 'NEW_IMAGE' ? dynamodb.StreamViewType.NEW_IMAGE : undefined,
        deletionProtection: props.deletionProtection,
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      for (const index of definition.globalIndexes ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey && attribute(index.sortKey),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      this.byKey.set(definition.key, { definition, table });
    }
  }

  get(key: TableKey): ThetaTable {
    const entry = this.byKey.get(key);
    if (!entry) throw new Error(`No table "${key}" was created (known: ${[...this.byKey.keys()].join(', ')})`);
    return entry;
  }

  all(): ThetaTable[] {
    return [...this.byKey.values()];
  }
}

/** "idempotency" -> "Idempotency": construct ids (and thus logical ids) read like the table key. */
export function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}
