// Everything the SMTP log language knows about IIS SMTP logs, as typed data tables.
export * from './fields';
export * from './verbs';
export * from './replyCodes';
export * from './enhancedCodes';
export * from './win32Status';
export * from './directives';
export { editDistance, closestName } from '../../common/editDistance';
