/** The digest (营销早报) engine: plain functions, no n8n types. */
export * from './assemble';
export * from './calendar';
export * from './dates';
export * from './dedupe';
export * from './entry';
export * from './render';
export * from './sections';
export * from './split';
export * from './texts';
