// The connector-script emitter: the one module that writes Exchange connector cmdlets for generated
// scripts (the metabase code action; the log assessment's script), checked against the connector catalogue.
export { bool, checkCommand, commandLine, int, str, strs, variable, type Arg, type Command, type Param } from './command';
export * from './connectors';
export * from './exchangeOnline';
export { accountName, commentText, connectorName, psList, psQuote, timeSpan } from './text';
export { ScriptWriter, type Layout, type ReviewNote } from './writer';
