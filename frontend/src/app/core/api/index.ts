export * from './auth/auth.service';
export * from './health/health.service';
export * from './metrics/metrics.service';
export * from './users/users.service';
