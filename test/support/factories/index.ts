/** Builders on top of a TestApp, one file per feature: `import { … } from './support/factories'`. */
export * from './identity';
export * from './audit';
export * from './processors';
export * from './assessments';
export * from './files';
export * from './records';
export * from './agreements';
export * from './transfers';
export * from './scenarios';
export * from './sweep';
export { bearer } from '../client';
