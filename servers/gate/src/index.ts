export * from './server';
export * from './http';
export * from './passwords';
export * from './routes/media';
export * from './media/sniff';
export * from './media/names';
export * from './media/storage';
