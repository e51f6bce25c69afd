export * from './crypto';
export * from './dedupe';
export * from './errors';
export * from './events';
export * from './receiver';
export * from './xml';
