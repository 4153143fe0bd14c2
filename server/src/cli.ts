// Command-line front end to the same engine as the language server.
function main(argv: string[]): number {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('usage: iis-smtp check FILE...\n');
    return 0;
  }
  return 0;
}
process.exitCode = main(process.argv.slice(2));
