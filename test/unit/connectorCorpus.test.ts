// Runs every real script in ../shared/corpus/connectors/ (read in place, never copied) and the synthetic
// fixtures through the analysis, asserting the findings each is known for and no noise elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/lspClient';
import type { TargetRole } from '../../server/src/settings';
import { covered, diagnose } from '../fixtures/connectors/harness';

const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus', 'connectors');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'connectors');

interface Expectation {
  role: TargetRole;
  /** Exactly these findings, as `CODE covered-text`, in document order. */
  findings: string[];
}

const EXPECTED: Record<string, Expectation> = {
  '02-copy-relay-connector-anonymous.ps1': { role: 'Mailbox', findings: [] },
  '04-set-receiveconnector-remoteipranges.ps1': { role: 'Mailbox', findings: [] },
  '05-send-connector-to-exo-smarthost.ps1': {
    role: 'EdgeTransport',
    findings: ['CONNECTOR108 New-SendConnector', 'CONNECTOR113 New-SendConnector', 'CONNECTOR009 -SourceTransportServers'],
  },
  '06-edge-subscription-import.ps1': { role: 'EdgeTransport', findings: ['CONNECTOR013 Import-EdgeSubscription'] },
  '07-exo-inbound-connector-partner-tls.ps1': { role: 'ExchangeOnline', findings: [] },
  '08-exo-outbound-connector-smarthost.ps1': { role: 'ExchangeOnline', findings: [] },
  '10-dsc-receiveconnector-splatting.ps1': { role: 'Mailbox', findings: [] },
  '11-healthchecker-exo-connector-check.ps1': { role: 'Mailbox', findings: [] },
  '12-msdocs-edge-without-edgesync.ps1': {
    role: 'EdgeTransport',
    findings: [
      'CONNECTOR113 New-SendConnector',
      'CONNECTOR007 "Default internal Receive connector ServerName>"',
      'CONNECTOR017 -Bindings',
      'CONNECTOR009 -SourceTransportServers',
    ],
  },
  '14-css-exchange-newcert-splatting.ps1': { role: 'Mailbox', findings: ['CONNECTOR124 $true'] },
  '15-unresolved-repo-relay-backticks-externalauth.ps1': {
    role: 'Mailbox',
    findings: [
      'CONNECTOR115 New-ReceiveConnector',
      'CONNECTOR101 "Ms-Exch-SMTP-Accept-Any-Recipient"',
      'CONNECTOR018 >>',
      'CONNECTOR109 0.0.0.0:25',
      'CONNECTOR018 >>',
      'CONNECTOR018 >>',
      'CONNECTOR101 "Ms-Exch-SMTP-Accept-Any-Recipient"',
      'CONNECTOR102 ExternalAuthoritative',
      'CONNECTOR018 >>',
    ],
  },
};

test('every corpus script has an expectation', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.ps1')).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const [file, exp] of Object.entries(EXPECTED)) {
  test(`corpus ${file} (${exp.role})`, async () => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const diags = await diagnose(text, exp.role);
    assert.deepEqual(diags.map((d) => `${d.code} ${covered(text, d)}`), exp.findings);
  });
}

test('corpus 02 and 15 on an Edge target also report -TransportRole (not valid on Edge)', async () => {
  for (const file of ['02-copy-relay-connector-anonymous.ps1', '15-unresolved-repo-relay-backticks-externalauth.ps1']) {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const diags = await diagnose(text, 'EdgeTransport');
    assert.ok(diags.some((d) => d.code === 'CONNECTOR009' && covered(text, d) === '-TransportRole'), file);
  }
});

test('corpus 07/08 on an Edge target: the Exchange Online cmdlets are flagged, nothing else', async () => {
  for (const file of ['07-exo-inbound-connector-partner-tls.ps1', '08-exo-outbound-connector-smarthost.ps1']) {
    const diags = await diagnose(readFileSync(join(CORPUS, file), 'utf8'), 'EdgeTransport');
    assert.deepEqual(diags.map((d) => d.code), ['CONNECTOR010'], file);
  }
});

test('ordinary PowerShell (synthetic fixtures) gets no diagnostics under any target role', async () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.startsWith('ordinary-'))) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    for (const role of ['EdgeTransport', 'Mailbox', 'ExchangeOnline'] as const) assert.deepEqual(await diagnose(text, role), [], `${file} ${role}`);
  }
});

test('the synthetic relay fixture: splat built over statements, relay granted on a later line', async () => {
  const text = readFileSync(join(FIXTURES, 'relay-synthetic.ps1'), 'utf8');
  const diags = await diagnose(text);
  assert.deepEqual(diags.map((d) => `${d.code} ${covered(text, d)}`), ["CONNECTOR103 '10.20.0.0/16'", 'CONNECTOR104 BasicAuth', 'CONNECTOR101 ms-Exch-SMTP-Accept-Any-Recipient']);
  const relay = diags.find((d) => d.code === 'CONNECTOR101')!;
  assert.match(String(relay.message), /more than a \/24/);
});

test('the synthetic example script shows its two deliberate risks and nothing else', async () => {
  const text = readFileSync(join(REPO_ROOT, 'examples', 'connectors.ps1'), 'utf8');
  const diags = await diagnose(text);
  assert.deepEqual(diags.map((d) => `${d.code} ${covered(text, d)}`), [
    "CONNECTOR103 '10.20.0.0/16'",
    'CONNECTOR101 ms-Exch-SMTP-Accept-Any-Recipient',
    'CONNECTOR106 New-SendConnector',
    'CONNECTOR107 New-SendConnector',
    'CONNECTOR108 New-SendConnector',
    'CONNECTOR113 New-SendConnector',
  ]);
});
