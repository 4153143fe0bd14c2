// Placeholder: filled in with the SMTP log diagnostics.
export async function runCheck(_args: string[]): Promise<number> {
  return 0;
}
