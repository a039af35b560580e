// A scheduled job (functions/jobs.ts): its function, its declared table grants, and an EventBridge rule that
// invokes it on its rate. Failed runs retry twice (EventBridge's async invoke); the next run takes the rest.
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { JobDefinition } from '@theta/functions/jobs';
import type { TableAccess } from '@theta/functions/routes';
import type { TableKey } from '@theta/store/tables';
import { tableEnvVar } from '@theta/store/tables';
import type { StageConfig } from '../config';
import type { ThetaTables } from './tables';
import { grantTableAccess } from '../table-access';
import { stageFunctionSettings, ThetaFunction } from './theta-function';

export interface ScheduledJobProps {
  job: JobDefinition;
  config: StageConfig;
  repoRoot: string;
  tables: ThetaTables;
}

export class ScheduledJob extends Construct {
  readonly function: ThetaFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { job } = props;
    this.function = new ThetaFunction(this, 'Function', {
      entry: path.resolve(props.repoRoot, job.entry),
      projectRoot: props.repoRoot,
      description: `scheduled every ${job.everyMinutes} min: ${job.description}`,
      memoryMb: job.memoryMb,
      timeoutSeconds: job.timeoutSeconds,
      ...stageFunctionSettings(props.config),
    });
    for (const [key, access] of Object.entries(job.tables) as [TableKey, TableAccess][]) {
      const { table } = props.tables.get(key);
      this.function.addEnvironment(tableEnvVar(key), table.tableName);
      grantTableAccess(this.function.role, table, access);
    }
    this.rule = new events.Rule(this, 'Schedule', {
      description: `Theta ${props.config.stage}: ${job.id} every ${job.everyMinutes} min`,
      schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, maxEventAge: Duration.minutes(job.everyMinutes) })],
    });
  }
}
