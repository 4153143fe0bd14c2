import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanArguments } from '../../server/src/connectors/syntax/scan';
import { listValue, primaryValue } from '../../server/src/connectors/syntax/values';

const words = (text: string, from = 0) => scanArguments(text, from, text.length).tokens.map((t) => (t.kind === 'word' ? text.slice(t.start, t.end) : t.kind === 'comma' ? ',' : '>>'));

test('arguments end at a newline, ;, | and an unbalanced )', () => {
  assert.deepEqual(words(' -A 1 -B "x y"\nNext'), ['-A', '1', '-B', '"x y"']);
  assert.deepEqual(words(' -A 1; -B 2'), ['-A', '1']);
  assert.deepEqual(words(' -A 1 | Out-Null'), ['-A', '1']);
  assert.deepEqual(words(' -A 1) -B'), ['-A', '1']);
  assert.deepEqual(words(' -A 1 # comment -B 2\n'), ['-A', '1']);
});

test('backtick continuations, including one glued to a variable, continue the command', () => {
  assert.deepEqual(words(' -A $x`\n-B 2 `\r\n  -C:$false'), ['-A', '$x', '-B', '2', '-C:$false']);
  // a backtick followed by a space is not a continuation (PowerShell ends the command there)
  assert.deepEqual(words(' -A 1 ` \n-B 2'), ['-A', '1', '` ']);
});

test('commas with or without spaces form lists, also across a line after a trailing comma', () => {
  assert.deepEqual(words(' -R 10.0.0.1, 10.0.0.2 ,10.0.0.3'), ['-R', '10.0.0.1', ',', '10.0.0.2', ',', '10.0.0.3']);
  assert.deepEqual(words(' -R a,\n  b -X'), ['-R', 'a', ',', 'b', '-X']);
});

test('quotes (including typographic single quotes), groups and here-strings are single words', () => {
  assert.deepEqual(words(" -A 'it''s' -B \u2018x y\u2019 -C (Get-X -Y 'a)') -D @{a=1; b='}'} -E $(1)"), ['-A', "'it''s'", '-B', '\u2018x y\u2019', '-C', "(Get-X -Y 'a)')", '-D', "@{a=1; b='}'}", '-E', '$(1)']);
  const here = " -A @'\nline ) ; |\n'@ -B 1";
  assert.deepEqual(words(here), ['-A', "@'\nline ) ; |\n'@", '-B', '1']);
});

test('a pasted >> prompt after a continuation is a prompt token, a >> elsewhere is a redirection', () => {
  assert.deepEqual(words(' -A 1 `\n>> -B 2'), ['-A', '1', '>>', '-B', '2']);
  assert.deepEqual(words(' -A 1 >> log.txt'), ['-A', '1']);
});

test('unterminated strings and groups stop at the limit without throwing', () => {
  assert.deepEqual(words(" -A 'never closed -B 2"), ['-A', "'never closed -B 2"]);
  assert.deepEqual(words(' -A (((('), ['-A', '((((']);
});

test('primary values: literals, booleans, numbers with multipliers, variables and unknowns', () => {
  const v = (t: string) => primaryValue(t, 0, t.length, true);
  assert.deepEqual(v("'a''b'"), { kind: 'string', value: "a'b", quoted: true, span: { start: 0, end: 6 } });
  assert.equal((v('"x `"y`""') as { value: string }).value, 'x "y"');
  assert.equal(v('"220 $name"').kind, 'unknown');
  assert.equal(v('$TRUE').kind, 'bool');
  assert.equal((v('100MB') as { value: number }).value, 100 * 1024 * 1024);
  assert.deepEqual(v('$Params'), { kind: 'variable', name: 'params', span: { start: 0, end: 7 } });
  assert.equal(v('$x.Name').kind, 'unknown');
  assert.equal(v('(Get-Credential)').kind, 'unknown');
  assert.equal(v('[byte[]]$x').kind, 'unknown');
  assert.equal((v('0.0.0.0:25') as { value: string }).value, '0.0.0.0:25');
  assert.equal(primaryValue('Tls', 0, 3, false).kind, 'unknown', 'a bare word in expression mode runs a command');
});

test('list values, @() arrays and @{} hashtables', () => {
  const l = (t: string) => listValue(t, 0, t.length, true);
  const arr = l("'a', b,'c'");
  assert.equal(arr.kind, 'array');
  assert.deepEqual((arr as { items: { value: string }[] }).items.map((i) => i.value), ['a', 'b', 'c']);
  const at = l("@('10.0.0.1','10.0.0.2')");
  assert.equal(at.kind, 'array');
  const h = l("@{Add='1.2.3.4','5.6.7.8'; Remove=\"9.9.9.9\"}");
  assert.equal(h.kind, 'hashtable');
  assert.deepEqual((h as { entries: { key: string }[] }).entries.map((e) => e.key), ['Add', 'Remove']);
  const multi = l("@{\n  Name = 'X'\n  Custom = $true # comment\n  Ranges = 'a',\n    'b'\n}");
  assert.equal(multi.kind, 'hashtable');
  assert.deepEqual((multi as { entries: { key: string; value: { kind: string } }[] }).entries.map((e) => [e.key, e.value.kind]), [['Name', 'string'], ['Custom', 'bool'], ['Ranges', 'array']]);
  assert.equal(l('@{ a = 1 + }').kind, 'hashtable');
  const partial = l('@{ a b c; d = 1 }');
  assert.equal(partial.kind, 'hashtable');
  assert.equal((partial as { partial?: boolean }).partial, true, 'an entry being typed keeps the rest readable');
});
