// A route's declared DynamoDB access (functions/routes.ts `tables`) as the set of permissions its
// Lambda role would hold in AWS: `<action> <table>` and `Query <table>/index/<name>`.
import type { TableAccess } from '@theta/functions/routes';
import type { TableKey } from '@theta/store/tables';
import type { TableNames } from '../dynamodb/tables';

export interface RoutePolicy {
  routeId: string;
  /** `<action> <physical table>` or `Query <physical table>/index/<index>` */
  granted: ReadonlySet<string>;
}

export const permissionKey = (action: string, table: string, index?: string): string =>
  index === undefined ? `${action} ${table}` : `${action} ${table}/index/${index}`;

export function routePolicy(
  route: { id: string; tables?: Partial<Record<TableKey, TableAccess>> },
  tableNames: TableNames,
): RoutePolicy {
  const granted = new Set<string>();
  for (const [key, access] of Object.entries(route.tables ?? {}) as [TableKey, TableAccess][]) {
    const table = tableNames[key];
    for (const action of access.actions) granted.add(permissionKey(action, table));
    for (const index of access.queryIndexes ?? []) granted.add(permissionKey('Query', table, index));
  }
  return { routeId: route.id, granted };
}
