export * from './health/health.service';
export * from './metrics/metrics.service';
