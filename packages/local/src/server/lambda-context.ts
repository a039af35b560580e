import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextInput {
  /** route id: in AWS the function's name derives from it */
  functionName: string;
  region: string;
  accountId: string;
  memoryMb: number;
  /** absolute time (ms) at which Lambda would stop the invocation */
  deadline: number;
}

/** A Lambda Context as the Node.js runtime passes it (callbacks-era methods included). */
export function createLambdaContext(input: LambdaContextInput): Context {
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported: return a value or a promise from the handler`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${input.region}:${input.accountId}:function:${input.functionName}`,
    memoryLimitInMB: String(input.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${input.functionName}`,
    logStreamName: `${today}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, input.deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
