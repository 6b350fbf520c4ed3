export type { Lang, Labels } from './labels.ts';
export * from './document-types.ts';
export * from './service-tasks.ts';
export * from './roles.ts';
export * from './informing.ts';
export * from './legal-justifications.ts';
export * from './portal-categories.ts';
