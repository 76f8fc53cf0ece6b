export * from './server';
export * from './service';
export * from './client';
export * from './tokens';
export * from './token-sweep';
