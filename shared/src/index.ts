export * from './api-error';
export * from './health';
export * from './roles';
