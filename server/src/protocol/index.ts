// The wire contract between the client, the server and the CLI: command names with their argument and result
// types, notifications, language ids. Every file here imports only from this folder (a unit test checks), so
// the client can use it without pulling in server code.
export * from './assessment';
export * from './commands';
export * from './cutover';
export * from './languages';
export * from './trust';
