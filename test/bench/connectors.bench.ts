// Connector language through the built server over stdio: a generated 2 MB connector script (synthetic,
// deterministic, written under os.tmpdir()): first diagnostics, edit-to-diagnostics, completion latency.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClient } from '../helpers/lspClient';
import { percentile } from './measure';
import type { BenchFigure } from './run';

const TARGET_BYTES = 2 * 1024 * 1024;

/** Relay connectors with long RemoteIPRanges lists (as an assessment generates them), permissions, send connectors. */
export function generateConnectorScript(bytes: number): string {
  const parts: string[] = ['# Synthetic connector script generated for the benchmark.\n'];
  let size = parts[0]!.length;
  for (let i = 1; size < bytes; i++) {
    const ips = Array.from({ length: 120 }, (_v, k) => `'10.${(i * 7) % 250}.${Math.floor(k / 250)}.${(k % 250) + 1}'`).join(',\n    ');
    const block = `# Relay connector ${i} for application servers
New-ReceiveConnector -Name 'Relay ${i}' -Custom -Bindings '10.1.${i % 250}.2:25' -PermissionGroups AnonymousUsers -AuthMechanism Tls \`
  -ProtocolLoggingLevel Verbose -MaxMessageSize 25MB -RemoteIPRanges @(
    ${ips}
  )
Get-ReceiveConnector 'Relay ${i}' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'
New-SendConnector -Name 'Out ${i}' -AddressSpaces 'contoso${i}.com' -SmartHosts 'smtp${i}.contoso.com' -DNSRoutingEnabled $false -Port 25
`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

/** A script the grammar finds pathological: each edit costs a slow re-parse (issue 15). */
const slowScript = (bytes: number): string => `New-ReceiveConnector ${'@{('.repeat(Math.floor(bytes / 3))}\n`;

/**
 * Hover latency on one small script while another, slow to analyse, is typed into (ten keystrokes a second
 * for three seconds): one document's analysis must not starve requests on the others.
 */
export async function hoverWhileAnotherIsEdited(): Promise<number[]> {
  const client = await startClient();
  try {
    const slow = 'file:///bench/slow.ps1';
    const small = 'file:///bench/small.ps1';
    await client.open(slow, 'powershell', slowScript(300_000));
    await client.open(small, 'powershell', "New-ReceiveConnector -Name 'A' -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.1.1.1\n");
    await client.waitForDiagnostics(slow, (p) => p.version === 1, 120_000);
    await client.waitForDiagnostics(small, (p) => p.version === 1, 120_000);
    let typing = true;
    let last = 1;
    const typist = (async () => {
      for (let k = 0; k < 30; k++) {
        last = await client.change(slow, { start: { line: 1, character: k }, end: { line: 1, character: k } }, 'x');
        await new Promise((r) => setTimeout(r, 100));
      }
      typing = false;
    })();
    const times: number[] = [];
    while (typing) {
      const t = performance.now();
      await client.hover(small, { line: 0, character: 3 });
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    await typist;
    await client.waitForVersion(slow, last, 300_000);
    return times;
  } finally {
    await client.shutdown();
  }
}


export default async function bench(): Promise<BenchFigure[]> {
  const dir = join(tmpdir(), 'iis-smtp-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'connectors-2mb.ps1');
  writeFileSync(file, generateConnectorScript(TARGET_BYTES));
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const uri = 'file:///bench/connectors-2mb.ps1';
  const client = await startClient({ settings: { connectors: { targetRole: 'EdgeTransport' } } });
  try {
    let t = performance.now();
    await client.open(uri, 'powershell', text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 60000);
    const first = performance.now() - t;

    // Edits: someone typing: five characters, one keystroke at a time, into a connector name at eight
    // places spread over the script (each keystroke is a new version; the script stays valid).
    const names: { line: number; character: number }[] = [];
    lines.forEach((l, n) => {
      const at = l.indexOf("-Name 'Relay ");
      if (at >= 0) names.push({ line: n, character: at + "-Name 'Relay ".length });
    });
    const editTimes: number[] = [];
    for (let spot = 0; spot < 9; spot++) {
      const pos = names[Math.floor(((spot * 7919) % 997) / 997 * names.length)]!;
      for (let k = 0; k < 5; k++) {
        t = performance.now();
        const at = { line: pos.line, character: pos.character + k };
        const version = await client.change(uri, { start: at, end: at }, 'x');
        await client.waitForVersion(uri, version, 30000);
        if (spot > 0) editTimes.push(performance.now() - t); // the first place warms up the JIT
      }
    }

    // Completion at parameter positions (after "-") in New-ReceiveConnector lines.
    const targets: { line: number; character: number }[] = [];
    lines.forEach((l, n) => {
      if (l.startsWith('New-SendConnector') && targets.length < 200) targets.push({ line: n, character: l.indexOf('-Port') + 1 });
    });
    const completionTimes: number[] = [];
    for (let i = 0; i < 220; i++) {
      const pos = targets[i % targets.length]!;
      t = performance.now();
      await client.completion(uri, pos);
      if (i >= 20) completionTimes.push(performance.now() - t);
    }
    return [
      { name: 'connectors: script size', value: text.length / (1024 * 1024), unit: 'MB' },
      { name: 'connectors: first diagnostics (2 MB)', value: first, unit: 'ms', target: { max: 2000 } },
      { name: 'connectors: edit-to-diagnostics p50', value: percentile(editTimes, 50), unit: 'ms', target: { max: 60 } },
      { name: 'connectors: edit-to-diagnostics p95', value: percentile(editTimes, 95), unit: 'ms' },
      { name: 'connectors: completion p99', value: percentile(completionTimes, 99), unit: 'ms', target: { max: 20 } },
      { name: 'connectors: hover p99 while another is typed', value: percentile(await hoverWhileAnotherIsEdited(), 99), unit: 'ms' },
    ];
  } finally {
    await client.shutdown();
  }
}
