// Least-privilege DynamoDB grants derived from a route's access mode.
//
// Deliberately NOT table.grantReadData/grantReadWriteData: those include Scan, DescribeTable and
// PartiQL actions no handler needs. Transactions need no action of their own: DynamoDB authorizes
// TransactWriteItems/TransactGetItems per item against PutItem/UpdateItem/DeleteItem/GetItem and
// ConditionCheckItem (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html),
// and there is no `dynamodb:TransactWriteItems` IAM action to grant.
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { AccessMode, TableDefinition } from '@theta/store/tables';

export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** Indexes are read-only and only queryable (GetItem does not apply to a GSI; Scan is never granted). */
export const INDEX_READ_ACTIONS = ['dynamodb:Query'] as const;

export function tableActions(mode: AccessMode): string[] {
  const actions = new Set<string>();
  if (mode === 'read' || mode === 'readwrite') READ_ACTIONS.forEach((a) => actions.add(a));
  if (mode === 'write' || mode === 'readwrite') WRITE_ACTIONS.forEach((a) => actions.add(a));
  return [...actions].sort();
}

/**
 * Grants exactly `mode` on one table. Index ARNs are listed by name rather than `table/x/index/*`
 * so the policy holds no wildcard and a new index is not readable until its definition says so.
 */
export function grantTableAccess(grantee: iam.IGrantable, table: ITable, definition: TableDefinition, mode: AccessMode): void {
  iam.Grant.addToPrincipal({ grantee, actions: tableActions(mode), resourceArns: [table.tableArn] });

  const indexNames = (definition.globalIndexes ?? []).map((i) => i.indexName);
  if (mode !== 'write' && indexNames.length > 0) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...INDEX_READ_ACTIONS],
      resourceArns: indexNames.map((name) => `${table.tableArn}/index/${name}`),
    });
  }
}
