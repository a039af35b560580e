// The IAM permissions a DynamoDB API call needs, as DynamoDB authorizes them: per table (or index)
// named in the request, and per item of a transaction (Put → PutItem, Update → UpdateItem,
// Delete → DeleteItem, ConditionCheck → ConditionCheckItem, Get → GetItem).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html

export interface Permission {
  action: string;
  table: string;
  index?: string;
}

type Input = Record<string, unknown>;

const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/** A TableName may also be a table ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>`). */
function tableOf(name: unknown): string {
  const text = typeof name === 'string' ? name : '*';
  const arn = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)/.exec(text);
  return arn ? arn[1]! : text;
}

/** `commandName` is the SDK command (`QueryCommand`; lib-dynamodb's QueryCommand reports the same). */
export function requiredPermissions(commandName: string, input: Input): Permission[] {
  const operation = commandName.replace(/Command$/, '');
  switch (operation) {
    case 'TransactWriteItems':
      return ((input.TransactItems as Input[] | undefined) ?? []).flatMap((item) =>
        Object.entries(item).map(([kind, part]) => ({ action: TRANSACT_WRITE_ACTIONS[kind] ?? kind, table: tableOf((part as Input).TableName) })),
      );
    case 'TransactGetItems':
      return ((input.TransactItems as Input[] | undefined) ?? []).map((item) => ({ action: 'GetItem', table: tableOf((item.Get as Input).TableName) }));
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((input.RequestItems as Input | undefined) ?? {}).map((table) => ({ action: operation, table: tableOf(table) }));
    case 'Query':
    case 'Scan': {
      const index = typeof input.IndexName === 'string' ? input.IndexName : undefined;
      return [{ action: operation, table: tableOf(input.TableName), ...(index !== undefined ? { index } : {}) }];
    }
    default:
      // GetItem, PutItem, UpdateItem, DeleteItem; and anything no route may do (DescribeTable,
      // ListTables, PartiQL…), which is then denied because no declaration can grant it.
      return [{ action: operation, table: tableOf(input.TableName) }];
  }
}
