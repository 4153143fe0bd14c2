// Placeholder: the assessment command lands with the assessment engine.
export async function runAssess(_args: string[]): Promise<number> {
  process.stderr.write('assess: not available yet\n');
  return 2;
}
