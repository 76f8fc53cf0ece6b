export * from './server';
export * from './connection';
export * from './context';
export * from './client';
