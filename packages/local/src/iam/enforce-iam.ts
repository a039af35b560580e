// IAM emulation for the local stack: a middleware on the DynamoDB client the handlers use (the one
// packages/store creates) that refuses any call the running route's declaration does not grant,
// with the AccessDeniedException AWS would return. Cheap on purpose: a Set lookup per table touched.
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS_ACCOUNT_ID, LOCAL_AWS_REGION } from '../dynamodb/local-aws';
import { requiredPermissions, type Permission } from './dynamodb-permissions';
import { currentPolicy } from './invocation-scope';
import { permissionKey, type RoutePolicy } from './route-policy';

const MIDDLEWARE_NAME = 'thetaLocalIamEmulation';

type Middleware = (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: object }) => Promise<unknown>;
interface ClientWithStack {
  middlewareStack: { add(middleware: Middleware, options: { step: 'initialize'; name: string; priority: 'high' }): void; identify(): string[] };
}

function resourceArn({ table, index }: Permission): string {
  return `arn:aws:dynamodb:${LOCAL_AWS_REGION}:${LOCAL_AWS_ACCOUNT_ID}:table/${table}${index === undefined ? '' : `/index/${index}`}`;
}

/** The error AWS returns for an action the role lacks (same name, fault and status). */
export function accessDenied(policy: RoutePolicy, permission: Permission): DynamoDBServiceException {
  const action = `dynamodb:${permission.action}`;
  return new DynamoDBServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message:
      `User: arn:aws:sts::${LOCAL_AWS_ACCOUNT_ID}:assumed-role/${policy.routeId}/${policy.routeId} is not authorized to perform: ${action} ` +
      `on resource: ${resourceArn(permission)} because no identity-based policy allows the ${action} action`,
  });
}

/** The first permission `policy` lacks for this call, if any. */
export function deniedPermission(policy: RoutePolicy, commandName: string, input: object): Permission | undefined {
  return requiredPermissions(commandName, input as Record<string, unknown>).find(
    (p) => !policy.granted.has(permissionKey(p.action, p.table, p.index)),
  );
}

/**
 * Installs the check on a client (once; a DynamoDBDocumentClient built from it shares the same
 * middleware stack). Calls made outside a handler invocation are not checked.
 */
export function enforceRouteIam(client: ClientWithStack, report: (message: string) => void = (m) => console.error(m)): void {
  if (client.middlewareStack.identify().some((entry) => entry.startsWith(MIDDLEWARE_NAME))) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const policy = currentPolicy();
      if (policy) {
        const denied = deniedPermission(policy, context.commandName ?? '', args.input);
        if (denied) {
          const error = accessDenied(policy, denied);
          report(`[theta-local] IAM: ${error.message} (declare it in the route's tables in functions/routes.ts)`);
          throw error;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE_NAME, priority: 'high' },
  );
}
