// Least-privilege DynamoDB grants: exactly the actions a route declares per table (functions/routes.ts).
//
// Deliberately NOT table.grantReadData/grantReadWriteData: those include Scan, DescribeTable, PartiQL
// and batch actions no handler needs. Transactions need no action of their own: DynamoDB authorizes
// TransactWriteItems/TransactGetItems per item against PutItem/UpdateItem/DeleteItem/ConditionCheckItem/GetItem
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html),
// and there is no `dynamodb:TransactWriteItems` IAM action to grant.
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { TableAccess } from '@theta/functions/routes';

/** IAM action names of one table declaration, sorted: `dynamodb:GetItem`, … */
export function tableActions(access: TableAccess): string[] {
  return [...new Set(access.actions)].sort().map((action) => `dynamodb:${action}`);
}

/**
 * Grants exactly `access` on one table. Index ARNs are listed by name rather than `table/x/index/*`
 * so the policy holds no wildcard and a function reaches only the indexes it queries.
 * An empty `actions` grants nothing (the route only needs the table's name).
 */
export function grantTableAccess(grantee: iam.IGrantable, table: ITable, access: TableAccess): void {
  const actions = tableActions(access);
  if (actions.length > 0) iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [table.tableArn] });

  const indexNames = [...new Set(access.queryIndexes ?? [])].sort();
  if (indexNames.length > 0) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: indexNames.map((name) => `${table.tableArn}/index/${name}`),
    });
  }
}
