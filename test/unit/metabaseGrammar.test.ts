// Tokenizes the synthetic example with the real TextMate grammar: SMTP keys, property names,
// blob values, flags, Location and unexpanded entities get their scopes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROPERTIES } from '../../server/src/metabase/catalog/properties';
import { hasScope, loadTokenizer, tokenAt, type Tokenizer } from '../helpers/textmate';

const REPO_ROOT = join(__dirname, '..', '..');
const S = '.iis-metabase';
let tokenizer: Tokenizer;

before(async () => {
  tokenizer = await loadTokenizer('syntaxes/iis-metabase.tmLanguage.json', 'text.xml.iis-metabase');
});

function scopeOf(lineText: string, needle: string): string[] {
  const lines = tokenizer.tokenizeLines(lineText);
  for (const line of lines) {
    try {
      return [...tokenAt(line, needle).scopes];
    } catch {
      /* not on this line */
    }
  }
  throw new Error(`${needle} not found`);
}

test('the package manifest registers the grammar for iis-metabase', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { language: string; scopeName: string; path: string }[] } };
  const g = pkg.contributes.grammars.find((x) => x.language === 'iis-metabase');
  assert.deepEqual(g, { language: 'iis-metabase', scopeName: 'text.xml.iis-metabase', path: './syntaxes/iis-metabase.tmLanguage.json' });
});

test('keys, Location, properties, flags and blobs in the example', () => {
  const text = readFileSync(join(REPO_ROOT, 'examples', 'MetaBase.xml'), 'utf8');
  const lines = tokenizer.tokenizeLines(text);
  const src = text.split(/\r?\n/);
  const lineOf = (needle: string) => lines[src.findIndex((l) => l.includes(needle))]!;
  assert.ok(hasScope(tokenAt(lineOf('<IIsSmtpServer'), 'IIsSmtpServer'), `entity.name.tag.key.smtp${S}`));
  assert.ok(hasScope(tokenAt(lineOf('<IIsSmtpServer'), 'Location'), `keyword.other.location${S}`));
  assert.ok(hasScope(tokenAt(lineOf('AuthFlags="AuthBasic'), 'AuthFlags'), `support.type.property-name.smtp${S}`));
  assert.ok(hasScope(tokenAt(lineOf('AuthFlags="AuthBasic'), 'AuthBasic'), `constant.language.flag${S}`));
  assert.ok(hasScope(tokenAt(lineOf('RelayIpList="18000080340000'), '18000080340000'), `constant.other.blob.ipseclist${S}`));
  assert.ok(hasScope(tokenAt(lineOf('ServerAutoStart="TRUE"'), 'TRUE'), `constant.language.boolean${S}`));
  assert.ok(hasScope(tokenAt(lineOf('<Custom'), 'Custom'), `entity.name.tag.custom${S}`));
  assert.ok(hasScope(tokenAt(lineOf('SYNTHETIC example'), 'SYNTHETIC'), `comment.block${S}`));
});

test('every catalogue property is highlighted as a property name', () => {
  for (const p of PROPERTIES) {
    const scopes = scopeOf(`<IIsSmtpServer Location="/LM/SmtpSvc/1" ${p.name}="1">`, p.name);
    assert.ok(scopes.includes(`support.type.property-name.smtp${S}`), `${p.name}: ${scopes.join(' ')}`);
  }
  const unknown = scopeOf('<IIsSmtpServer Location="/LM/SmtpSvc/1" Frobnicate="1">', 'Frobnicate');
  assert.ok(unknown.includes(`entity.other.attribute-name${S}`));
});

test('DOCTYPE and unexpanded entities are marked invalid', () => {
  assert.ok(scopeOf('<!DOCTYPE x [<!ENTITY a "b">]>', 'DOCTYPE').includes(`invalid.illegal.doctype${S}`));
  assert.ok(scopeOf('<IIsSmtpServer ServerComment="&xxe;">', '&xxe;').includes(`invalid.illegal.entity.unexpanded${S}`));
  assert.ok(scopeOf('<IIsSmtpServer ServerComment="a &amp; b">', '&amp;').includes(`constant.character.entity${S}`));
});
