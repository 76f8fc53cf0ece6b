export * from './server';
export * from './http';
export * from './passwords';
