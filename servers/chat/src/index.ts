export * from './server';
export * from './connection';
export * from './context';
export * from './client';
export * from './peers/types';
export * from './peers/memory';
export * from './peers/grpc';
export * from './link';
