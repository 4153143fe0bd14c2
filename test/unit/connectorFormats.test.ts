import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../server/src/connectors/rules/formats';
import { parseRange } from '../../server/src/connectors/rules/valueChecks';

test('IP ranges: single, range, CIDR (host bits noted), IPv6 with zone; widths and "everyone"', () => {
  for (const ok of ['192.168.1.10', '192.168.1.1-192.168.1.254', '192.168.1.0/24', '2001:db8::/32', 'fe80::39bd:88f7:6969:d223%11', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']) assert.ok(F.checkIpRange(ok).ok, ok);
  for (const bad of ['192.168.1.256', '10.0.0.9-10.0.0.1', '10.0.0.1-2001:db8::1', '10.0.0.0/33', '10.0.0.1 - 10.0.0.2', 'server01', '10.0.0']) assert.ok(!F.checkIpRange(bad).ok, bad);
  assert.match(F.parseIpRange('192.168.1.1/24').note!, /host bits/);
  assert.equal(F.describeIpSpan(F.parseIpRange('10.0.0.0/30').span!), '10.0.0.0 – 10.0.0.3 (4 addresses)');
  assert.ok(F.isEveryone(F.parseIpRange('0.0.0.0-255.255.255.255').span!));
  assert.ok(F.isEveryone(F.parseIpRange('::/0').span!));
  assert.ok(F.isWide(F.parseIpRange('10.0.0.0/23').span!) && !F.isWide(F.parseIpRange('10.0.0.0/24').span!));
  assert.ok(!F.parseIpRange('203.0.113.5').span!.internal && F.parseIpRange('172.16.5.0/24').span!.internal);
});

test('bindings, address spaces, smart hosts, FQDNs and domains', () => {
  assert.ok(F.checkBinding('0.0.0.0:25').ok && F.checkBinding('[::]:25').ok && F.checkBinding('10.1.1.1:587').ok);
  for (const bad of ['10.1.1.1', '10.1.1.1:0', '10.1.1.1:70000', '[10.1.1.1]:25', '::1:25']) assert.ok(!F.checkBinding(bad).ok, bad);
  for (const ok of ['*', 'contoso.com', '*.contoso.com', 'SMTP:*;1', 'contoso.com;2', '--', 'X400:c=US;a=;p=Contoso;5']) assert.ok(F.checkAddressSpace(ok).ok, ok);
  for (const bad of ['*contoso.com', 'contoso.com;0', 'contoso.com;101', 'con*so.com']) assert.ok(!F.checkAddressSpace(bad).ok, bad);
  assert.ok(F.checkSmartHost('[10.10.1.1]', false).ok && F.checkSmartHost('contoso-com.mail.protection.outlook.com', false).ok);
  assert.ok(!F.checkSmartHost('smtp.contoso.com:25', false).ok);
  assert.ok(F.checkSmartHost('10.0.0.0/24', true).ok && !F.checkSmartHost('10.0.0.0/24', false).ok);
  assert.ok(F.isFqdn('mail.contoso.com') && !F.isFqdn('-bad.contoso.com') && !F.isFqdn('a'.repeat(64) + '.com'));
  assert.ok(F.checkDomainWithSubdomains('*.contoso.com').ok && !F.checkDomainWithSubdomains('mail.*.com').ok);
  assert.ok(F.checkIpv4OrCidr24to32('203.0.113.0/24').ok && !F.checkIpv4OrCidr24to32('203.0.112.0/23').ok && !F.checkIpv4OrCidr24to32('2001:db8::1').ok);
  assert.ok(F.checkTlsDomainCapability('mail.protection.outlook.com:AcceptCloudServicesMail').ok && !F.checkTlsDomainCapability('AcceptCloudServicesMail').ok);
});

test('sizes, time spans, certificate names and catalogue ranges', () => {
  assert.equal(F.parseSize('36MB'), 36 * 1024 * 1024);
  assert.equal(F.parseSize('35 MB (36,700,160 bytes)'), 36700160);
  assert.equal(F.parseSize('10 KB'), 10240);
  assert.equal(F.parseSize('ten'), undefined);
  assert.equal(F.parseTimeSpan('1.00:00:00'), 86400);
  assert.equal(F.parseTimeSpan('00:05:00'), 300);
  assert.equal(F.parseTimeSpan('00:61:00'), undefined);
  assert.equal(F.formatSeconds(90061), '1.01:01:01');
  assert.ok(F.checkCertificateName('<I>CN=R3, O=Let\'s Encrypt, C=US<S>CN=mail.contoso.com').ok);
  assert.ok(!F.checkCertificateName('mail.contoso.com').ok);
  assert.ok(!F.checkCertificateName('<S>CN=mail<I>CN=R3').ok);
  assert.deepEqual(parseRange('1-10000 or unlimited'), { min: 1, max: 10000, unit: 'number', unlimited: true });
  assert.deepEqual(parseRange('65536-2147483647 bytes'), { min: 65536, max: 2147483647, unit: 'bytes', unlimited: false });
  assert.deepEqual(parseRange('00:00:01-1.00:00:00'), { min: 1, max: 86400, unit: 'seconds', unlimited: false });
});
