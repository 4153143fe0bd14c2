import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, flattenSettings, normalizeSettings, SETTING_LIMITS } from '../../server/src/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
// Settings are contributed in several categories (one per settings group, so the Settings editor titles them
// without an "Iis Smtp" prefix).
const properties: Record<string, { default: unknown; enum?: unknown[] }> = Object.assign(
  {},
  ...[manifest.contributes.configuration].flat().map((c: { properties: object }) => c.properties),
);

test('manifest settings and the server settings type declare the same keys', () => {
  const serverKeys = Object.keys(flattenSettings(DEFAULT_SETTINGS)).sort();
  assert.deepEqual(Object.keys(properties).sort(), serverKeys);
});

test('every setting shares the iisSmtp prefix', () => {
  for (const key of Object.keys(properties)) assert.match(key, /^iisSmtp\./);
});

test('manifest defaults equal the server defaults', () => {
  const flat = flattenSettings(DEFAULT_SETTINGS);
  for (const [key, spec] of Object.entries(properties)) assert.deepEqual(spec.default, flat[key], key);
});

test('manifest enums are accepted by the server and other values fall back', () => {
  for (const [key, spec] of Object.entries(properties)) {
    if (!spec.enum) continue;
    const path = key.split('.').slice(1);
    for (const value of spec.enum) {
      const raw: Record<string, unknown> = {};
      let cursor = raw;
      path.slice(0, -1).forEach((p) => (cursor = (cursor[p] = {}) as Record<string, unknown>));
      cursor[path[path.length - 1]!] = value;
      assert.equal(flattenSettings(normalizeSettings(raw))[key], value, `${key}=${String(value)}`);
    }
  }
  assert.equal(normalizeSettings({ connectors: { targetRole: 'Nope' } }).connectors.targetRole, 'EdgeTransport');
});

test('normalizeSettings tolerates junk', () => {
  for (const raw of [undefined, null, 42, 'x', [], { acceptedDomains: 'contoso.com', maxDiagnostics: -3 }]) {
    const s = normalizeSettings(raw);
    assert.deepEqual(s.acceptedDomains, []);
    assert.equal(s.maxDiagnostics, 1000);
  }
  assert.deepEqual(normalizeSettings({ acceptedDomains: [' Contoso.COM ', 7, ''] }).acceptedDomains, ['contoso.com']);
});

test('numeric settings are clamped: a workspace cannot ask for unbounded work', () => {
  const s = normalizeSettings({ maxDiagnostics: 1e9, maxOutlineSymbols: Number.MAX_SAFE_INTEGER });
  assert.equal(s.maxDiagnostics, SETTING_LIMITS.maxDiagnostics);
  assert.equal(s.maxOutlineSymbols, SETTING_LIMITS.maxOutlineSymbols);
  assert.equal(normalizeSettings({ maxDiagnostics: Infinity }).maxDiagnostics, 1000);
  assert.equal(normalizeSettings({ maxDiagnostics: 0 }).maxDiagnostics, 1000);
  assert.equal(normalizeSettings({ maxDiagnostics: 2.9 }).maxDiagnostics, 2);
  const many = Array.from({ length: 5000 }, (_, i) => `d${i}.example`);
  assert.equal(normalizeSettings({ acceptedDomains: many }).acceptedDomains.length, SETTING_LIMITS.acceptedDomains);
  assert.deepEqual(normalizeSettings({ acceptedDomains: [`${'a'.repeat(300)}.com`, 'ok.example'] }).acceptedDomains, ['ok.example']);
});

test('every setting that changes findings or the generated script is restricted in untrusted workspaces', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  const expected = Object.keys(properties).filter((k) => k !== 'iisSmtp.trace.server');
  assert.deepEqual([...restricted].sort(), expected.sort());
});
