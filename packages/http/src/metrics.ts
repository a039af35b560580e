import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

// Business metrics as CloudWatch EMF (namespace from POWERTOOLS_METRICS_NAMESPACE); flushed after each invocation.
export const metrics = new Metrics({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'theta' });

export function countMetric(name: string, dimensions: Record<string, string> = {}): void {
  if (Object.keys(dimensions).length === 0) {
    metrics.addMetric(name, MetricUnit.Count, 1);
    return;
  }
  // a single-metric entry keeps per-event dimensions off the function's other metrics
  const single = metrics.singleMetric();
  for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value);
  single.addMetric(name, MetricUnit.Count, 1);
}
