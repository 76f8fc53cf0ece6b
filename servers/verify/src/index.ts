export * from './server';
export * from './service';
export * from './mailer';
export * from './client';
