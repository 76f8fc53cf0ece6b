export * from './config';
export * from './logger';
export * from './limits';
export * from './secrets';
export * from './stores/index';
export * from './metrics';
