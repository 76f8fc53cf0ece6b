export * from './services';
export * from './embedded';
export * from './cluster';
