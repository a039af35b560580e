// CDK entry point (cdk.json: "npx tsx infra/bin/app.ts"). The App synthesizes itself on exit.
import { ContextError } from '../lib/config';
import { createThetaApp } from '../lib/app';

try {
  createThetaApp();
} catch (error) {
  if (error instanceof ContextError) {
    // A bad -c value is a usage error: print the explanation, not a stack trace.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
