// Property: ordinary PowerShell before a connector script changes none of its findings. The grammar cannot
// read some ordinary forms (`Format-Table Name, Bindings`: a space after a comma) and used to fold the
// statements after them into an ERROR node, silencing every connector command below (issue 10 item 15).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetRole } from '../../server/src/settings';
import { covered, diagnose } from '../fixtures/connectors/harness';
import { RULE_CASES } from '../fixtures/connectors/ruleCases';

/** Ordinary PowerShell an admin writes around connector commands (synthetic). */
const PREFIXES = [
  'Get-ReceiveConnector | Format-Table Name, Bindings\n',
  'Get-ReceiveConnector | Select-Object Name, RemoteIPRanges, PermissionGroups\n',
  'Get-SendConnector | Format-List Name, SmartHosts\n',
  'Get-Process | Sort-Object CPU -Descending | Select-Object -First 5 Name, Id\n',
  "$servers = 'a', 'b'\nforeach ($s in $servers) { Write-Host $s, 'done' }\n",
  "Write-Output 'x', 'y' | Out-Null\n",
  "Import-Module ActiveDirectory\n$log = Join-Path $env:TEMP 'setup.log'\nStart-Transcript -Path $log\n",
];

/**
 * Findings on the script after `prefix` as (code, severity, covered text): positions move with the prefix, the
 * rest must not. Findings on the prefix itself (`Get-ReceiveConnector` is not an Exchange Online cmdlet) are left out.
 */
async function findings(text: string, role?: TargetRole, prefix = ''): Promise<string[]> {
  const lines = prefix.split('\n').length - 1;
  return (await diagnose(prefix + text, role))
    .filter((d) => d.range.start.line >= lines)
    .map((d) => `${d.code} ${d.severity} ${JSON.stringify(covered(prefix + text, d))}`)
    .sort();
}

const fixtures = ['relay-synthetic.ps1'].map((f) => ({
  name: f,
  script: readFileSync(join(__dirname, '..', 'fixtures', 'connectors', f), 'utf8'),
  role: undefined as TargetRole | undefined,
}));

test('every rule fixture keeps its findings after ordinary PowerShell lines', { timeout: 300000 }, async () => {
  const scripts = [...RULE_CASES.map((c) => ({ name: c.name, script: c.script, role: c.role })), ...fixtures];
  for (const s of scripts) {
    const expected = await findings(s.script, s.role);
    assert.ok(expected.length > 0, `${s.name}: the fixture has findings`);
    for (const prefix of PREFIXES) {
      assert.deepEqual(await findings(s.script, s.role, prefix), expected, `${s.name} after ${JSON.stringify(prefix)}`);
    }
    const all = PREFIXES.join('');
    assert.deepEqual(await findings(s.script, s.role, all), expected, `${s.name} after all prefixes`);
  }
});

test('an open anonymous relay typed after a comma-separated Format-Table list is reported', async () => {
  const text =
    'Get-ReceiveConnector | Format-Table Name, Bindings\n' +
    "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 0.0.0.0-255.255.255.255 -PermissionGroups AnonymousUsers\n" +
    "Add-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n";
  const got = await findings(text);
  assert.ok(got.some((f) => f.startsWith('CONNECTOR103 1 "0.0.0.0-255.255.255.255"')), JSON.stringify(got));
  assert.ok(got.some((f) => f.startsWith('CONNECTOR101 1')), JSON.stringify(got));
});
