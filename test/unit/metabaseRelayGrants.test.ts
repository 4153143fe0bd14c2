// Relay grants are intersected with connection control (IPSecurity): the script grants RemoteIPRanges
// only to hosts IIS let both connect and relay, and lists the rest with the reason. Synthetic fixtures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateConnectorScriptForServer } from '../../server/src/metabase/connectorScript';
import { parseMetabase } from '../../server/src/metabase/model';
import { relayGrants } from '../../server/src/metabase/relayGrants';
import { decodeIpListHex } from '../../server/src/metabase/relayList';
import { summarizeAll } from '../../server/src/metabase/virtualServer';
import { BLOBS, metabaseXml, QUIET_SERVICE, quietServer } from '../fixtures/metabase/build';

/** IPSecurity "All except 10.20.30.7": the all-except blob with its one deny address replaced (synthetic). */
const DENY_10_20_30_7 = `${BLOBS.allExcept.slice(0, -8)}0a141e07`;

const script = (props: Record<string, string>): string => generateConnectorScriptForServer(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer('1', props)])), '/LM/SmtpSvc/1');
const summary = (props: Record<string, string>) => summarizeAll(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer('1', props)])))[0]!;

test('a relay grant inside the connection-control grants is kept', () => {
  const s = summary({ RelayIpList: BLOBS.grantOneHost, IPSecurity: '' });
  assert.deepEqual(relayGrants(s.relay.list!, s.connectionControl), { granted: ['10.20.30.40'], refused: [], unchecked: undefined });
  const text = script({ RelayIpList: BLOBS.twoMasks, IPSecurity: '' });
  assert.match(text, /^\$remoteIPRanges = @\('10\.20\.30\.0\/24','192\.168\.1\.10','192\.168\.1\.20'\)$/m);
  assert.match(text, /Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'/);
});

test('relay grants that IPSecurity refuses at connect time are never granted, and listed with the reason', () => {
  const s = summary({ RelayIpList: BLOBS.twoMasks, IPSecurity: BLOBS.connectOnly1010 });
  const g = relayGrants(s.relay.list!, s.connectionControl);
  assert.deepEqual(g.granted, []);
  assert.deepEqual(g.refused.map((r) => r.range), ['10.20.30.0/24', '192.168.1.10', '192.168.1.20']);
  assert.ok(g.refused.every((r) => r.reason === 'IPSecurity refuses it at connect time'));
  const text = script({ RelayIpList: BLOBS.twoMasks, IPSecurity: BLOBS.connectOnly1010 });
  assert.match(text, /Left out: 3 relay grant\(s\) or part\(s\) that IIS refused at connect time, so they never relayed:/);
  assert.match(text, /^# {3}192\.168\.1\.10: IPSecurity refuses it at connect time$/m);
  assert.doesNotMatch(text, /Accept-Any-Recipient'/, 'no relay right: no host could both connect and relay');
  assert.match(text, /^\$remoteIPRanges = @\('10\.10\.0\.0\/16'\)$/m, 'the hosts that may connect, without relay');
});

test('a deny entry inside a relay range splits it: only the allowed part is granted', () => {
  const s = summary({ RelayIpList: BLOBS.twoMasks, IPSecurity: DENY_10_20_30_7 });
  const g = relayGrants(s.relay.list!, s.connectionControl);
  assert.deepEqual(g.granted, ['10.20.30.0/30', '10.20.30.4/31', '10.20.30.6', '10.20.30.8/29', '10.20.30.16/28', '10.20.30.32/27', '10.20.30.64/26', '10.20.30.128/25', '192.168.1.10', '192.168.1.20']);
  assert.deepEqual(g.refused, [{ range: '10.20.30.7', reason: 'IPSecurity refuses this part of 10.20.30.0/24 at connect time' }]);
  const text = script({ RelayIpList: BLOBS.twoMasks, IPSecurity: DENY_10_20_30_7 });
  assert.match(text, /^# {3}10\.20\.30\.7: IPSecurity refuses this part of 10\.20\.30\.0\/24 at connect time$/m);
  assert.doesNotMatch(text.split('\n').find((l) => l.startsWith('$remoteIPRanges'))!, /'10\.20\.30\.7'|10\.20\.30\.0\/24/);
});

test('connection control that cannot be evaluated grants nothing and says why', () => {
  for (const [blob, why] of [[BLOBS.grantName, /reverse DNS name/], [BLOBS.onlyLocalhost.slice(0, 30), /could not be decoded/]] as const) {
    const s = summary({ RelayIpList: BLOBS.grantOneHost, IPSecurity: blob });
    const g = relayGrants(s.relay.list!, s.connectionControl);
    assert.deepEqual(g.granted, []);
    assert.match(g.unchecked!, why);
    assert.match(script({ RelayIpList: BLOBS.grantOneHost, IPSecurity: blob }), /^\$remoteIPRanges = @\(\)$/m);
  }
  const nobody = summary({ RelayIpList: BLOBS.grantOneHost, IPSecurity: BLOBS.sentinel });
  assert.deepEqual(relayGrants(nobody.relay.list!, nobody.connectionControl).granted, []);
});

test('relay grants wider than a /24 or public are listed for the admin, never granted', () => {
  const wide = script({ RelayIpList: BLOBS.grantSlash8, IPSecurity: '' });
  assert.match(wide, /^# {3}10\.0\.0\.0\/8: wider than a \/24$/m);
  assert.match(wide, /^\$remoteIPRanges = @\(\)$/m);
  const pub = script({ RelayIpList: BLOBS.grantPublic, IPSecurity: '' });
  assert.match(pub, /^# {3}198\.51\.100\.0\/24: a public \(internet\) address$/m);
  assert.match(pub, /^\$remoteIPRanges = @\(\)$/m);
  assert.deepEqual(relayGrants(decodeIpListHex(BLOBS.grantSlash8), summary({ IPSecurity: BLOBS.connectOnly1010 }).connectionControl).granted, ['10.10.0.0/16']);
});
