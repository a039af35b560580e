// Builds the CDK app: validated context -> one ThetaStack -> cdk-nag AwsSolutions checks.
// bin/app.ts runs it for the CLI; tests call it with explicit context and fixture routes.
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfig } from './config';
import { ThetaStack, type ThetaStackProps } from './theta-stack';

export interface ThetaAppOptions extends Pick<ThetaStackProps, 'routes' | 'tables' | 'repoRoot'> {
  appProps?: AppProps;
}

export interface ThetaApp {
  app: App;
  stack: ThetaStack;
  config: StageConfig;
}

export function stackName(config: StageConfig): string {
  return `Theta-${config.stage}`;
}

export function createThetaApp(options: ThetaAppOptions = {}): ThetaApp {
  const app = new App(options.appProps);
  const config = loadStageConfig((key) => app.node.tryGetContext(key));

  const stack = new ThetaStack(app, stackName(config), {
    description: `Theta adaptive-assessment services (${config.stage})`,
    // No account/region in context = environment-agnostic: synth needs no credentials or lookups.
    env: config.account && config.region ? { account: config.account, region: config.region } : undefined,
    config,
    routes: options.routes,
    tables: options.tables,
    repoRoot: options.repoRoot,
  });

  // cdk-nag 3 is a policy-validation plugin: unacknowledged errors fail `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config };
}
