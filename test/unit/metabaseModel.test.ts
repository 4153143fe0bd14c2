// The XML scanner (raw attribute text, tolerance, no entity expansion), the key tree, effective
// values through inheritance, value decoders and incremental updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOrigin, effectiveValue } from '../../server/src/metabase/effective';
import { parseMetabase, rawValue, textValue, updateMetabase, type MetabaseModel } from '../../server/src/metabase/model';
import { allFindings } from '../../server/src/metabase/diagnostics';
import { decodeBindings, decodeBool, decodeDword, decodeFlags, splitMultiSz } from '../../server/src/metabase/values';
import { AUTH_FLAGS, LOG_EXT_FILE_FLAGS } from '../../server/src/metabase/catalog/flags';
import { scanXml } from '../../server/src/metabase/xmlScanner';
import { summarizeVirtualServer } from '../../server/src/metabase/virtualServer';
import { BLOBS, metabaseXml, QUIET_SERVICE, quietServer } from '../fixtures/metabase/build';

const key = (m: MetabaseModel, path: string) => {
  const k = m.byPath.get(path.toLowerCase());
  assert.ok(k, `no key ${path}`);
  return k;
};

test('scanner keeps the raw attribute text: MULTISZ line breaks and tabs survive', () => {
  const text = metabaseXml([{ type: 'IIsSmtpServer', location: '/LM/SmtpSvc/1', props: { ServerBindings: '10.20.30.5:25:\n10.20.30.6:25:' } }]);
  const m = parseMetabase(text);
  const occ = key(m, '/LM/SmtpSvc/1').props[0]!;
  assert.equal(rawValue(m, occ), '10.20.30.5:25:\r\n\t\t\t10.20.30.6:25:');
  assert.deepEqual(splitMultiSz(rawValue(m, occ)), ['10.20.30.5:25:', '10.20.30.6:25:']);
  assert.equal(text.slice(occ.nameStart, occ.nameEnd), 'ServerBindings');
});

test('scanner accepts the writer quirks: Location =, tabs, CRLF, Custom children, UnknownName_', () => {
  const text = [
    '<IIsSmtpService\tLocation ="/LM/SmtpSvc"',
    '\t\tConnectionTimeout="600"',
    '\t>',
    '<Custom',
    'Name="AuthFlags"',
    'ID="6000"',
    'Value="AuthBasic | AuthAnonymous | AuthNTLM"',
    'Type="DWORD"',
    '/>',
    '<Custom Name="UnknownName_36973" ID="36973" Value="0" Type="DWORD"/>',
    '</IIsSmtpService>',
  ].join('\r\n');
  const m = parseMetabase(text);
  const svc = key(m, '/lm/smtpsvc');
  assert.deepEqual(
    svc.props.map((p) => [p.name, p.source]),
    [
      ['ConnectionTimeout', 'attribute'],
      ['AuthFlags', 'custom'],
      ['RelayForAuth', 'custom'],
    ],
  );
  assert.equal(textValue(m, svc.props[1]!), 'AuthBasic | AuthAnonymous | AuthNTLM');
  assert.deepEqual(m.problems, []);
});

test('entities: predefined ones decode, others are reported and never expanded', () => {
  const text = '<!DOCTYPE x [<!ENTITY e "boom">]>\n<IIsSmtpServer Location="/LM/SmtpSvc/1" ServerComment="a &amp; b &e;"></IIsSmtpServer>';
  const m = parseMetabase(text);
  const s = key(m, '/LM/SmtpSvc/1');
  assert.equal(textValue(m, s.props[0]!), 'a & b &e;');
  const all = [...m.problems, ...s.problems];
  assert.ok(all.some((p) => p.kind === 'doctype' && /declares 1 entity/.test(p.message)));
  assert.ok(all.some((p) => p.kind === 'entity' && /'&e;' is not expanded/.test(p.message)));
});

test('scanner tolerance: stray text, unquoted values, unclosed tags and comments yield problems', () => {
  const cases: [string, RegExp][] = [
    ['<IIsSmtpServer Location="/LM/SmtpSvc/1"\n...\n>', /'\.\.\.' inside the start tag/],
    ['<IIsSmtpServer Location=/LM/SmtpSvc/1>', /not quoted/],
    ['<IIsSmtpServer Location="/LM/SmtpSvc/1"', /not closed/],
    ['<IIsSmtpServer Location="/LM/SmtpSvc/1"><!-- open', /Comment is not closed/],
    ['<a></b>', /no matching start tag/],
    ['<a x="1', /not closed \(missing quote\)/],
    ['< oops', /does not start a tag/],
  ];
  for (const [text, re] of cases) {
    const scan = scanXml(text);
    assert.ok(scan.problems.some((p) => re.test(p.message)), `${JSON.stringify(text)}: ${scan.problems.map((p) => p.message).join(' | ')}`);
  }
});

test('effective values: own, inherited (with origin), runtime default, schema default', () => {
  const m = parseMetabase(
    metabaseXml([
      { type: 'IIsSmtpService', location: '/LM/SmtpSvc', props: { MaxMessageSize: '2097152', ServerBindings: ':25:' } },
      { type: 'IIsSmtpServer', location: '/LM/SmtpSvc/1', props: { MaxRecipients: '50' } },
      { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/example.test', props: { RouteAction: '2' } },
    ]),
  );
  const server = key(m, '/LM/SmtpSvc/1');
  const own = effectiveValue(m, server, 'MaxRecipients');
  assert.deepEqual([own.origin, own.text], ['own', '50']);
  const inherited = effectiveValue(m, server, 'maxmessagesize');
  assert.deepEqual([inherited.origin, inherited.text, inherited.from?.location], ['inherited', '2097152', '/LM/SmtpSvc']);
  assert.equal(describeOrigin(inherited), 'inherited from /LM/SmtpSvc');
  // RelayForAuth: absent everywhere → the service assumes TRUE, unlike the schema default 0.
  const rfa = effectiveValue(m, server, 'RelayForAuth');
  assert.equal(rfa.origin, 'runtime-default');
  assert.equal(rfa.text, '4294967295');
  assert.match(describeOrigin(rfa), /service assumes TRUE \(believed behaviour, not confirmed/);
  assert.equal(summarizeVirtualServer(m, server).relayForAuth.value, true);
  // ServerBindings is NO_ATTRIBUTES: it does not flow down from the service.
  assert.equal(effectiveValue(m, server, 'ServerBindings').origin, 'absent');
  // Schema default.
  const sht = effectiveValue(m, server, 'SmartHostType');
  assert.deepEqual([sht.origin, sht.text], ['schema-default', '0']);
  // Domain → server → service chain.
  const dom = key(m, '/LM/SmtpSvc/1/Domain/example.test');
  assert.equal(effectiveValue(m, dom, 'MaxRecipients').from?.location, '/LM/SmtpSvc/1');
  assert.equal(effectiveValue(m, dom, 'MaxMessageSize').from?.location, '/LM/SmtpSvc');
});

test('paths are case-insensitive; display keeps the written case', () => {
  const m = parseMetabase(metabaseXml([{ type: 'IIsSmtpService', location: '/LM/SMTPSVC/', props: { MaxRecipients: '7' } }, quietServer('3')]));
  const server = key(m, '/lm/smtpsvc/3');
  const ev = effectiveValue(m, server, 'MaxRecipients');
  assert.equal(ev.text, '7');
  assert.equal(ev.from?.location, '/LM/SMTPSVC/');
});

test('value decoders: DWORD, BOOL, flags by name or number, bindings', () => {
  assert.deepEqual(decodeDword('4294967295'), { ok: true, value: 4294967295 });
  assert.deepEqual(decodeDword('-1'), { ok: true, value: 4294967295 });
  assert.equal(decodeDword('12abc').ok, false);
  assert.deepEqual(decodeBool(' false '), { ok: true, value: false });
  assert.equal(decodeBool('maybe').ok, false);
  assert.deepEqual(decodeFlags('AuthBasic|AuthAnonymous  |   AuthNTLM', AUTH_FLAGS), { ok: true, value: 7 });
  assert.deepEqual(decodeFlags('7', AUTH_FLAGS), { ok: true, value: 7 });
  assert.equal(decodeFlags('AuthBasic | AuthTelepathy', AUTH_FLAGS).ok, false);
  assert.deepEqual(decodeFlags('LogExtFileDate | LogExtFileHttpSubStatus', LOG_EXT_FILE_FLAGS), { ok: true, value: 0x200001 });
  const b = decodeBindings(':25:\r\n\t\t\t10.0.0.5:587:\r\n\t\t\tbogus');
  assert.deepEqual(b.bindings.map((x) => [x.ip, x.port]), [
    [null, 25],
    ['10.0.0.5', 587],
  ]);
  assert.equal(b.errors.length, 1);
});

test('incremental updates give the same findings as a full parse', () => {
  let text = metabaseXml([QUIET_SERVICE, quietServer('1'), quietServer('2', { RelayIpList: BLOBS.allExcept }), quietServer('3')]);
  let model = parseMetabase(text);
  const edits: [string, string][] = [
    ['Quiet relay', 'Quieter relay'],
    ['MaxRecipients="100"', 'MaxRecipients="0"'],
    ['ServerBindings="10.10.1.25:25:"', 'ServerBindings=":25:"'],
    ['</IIsSmtpServer>', '</IIsSmtpServer>\r\n<IIsSmtpServer Location="/LM/SmtpSvc/9" AuthFlags="AuthBasic"></IIsSmtpServer>'],
    ['ServerComment="Quieter relay"', 'ServerComment="x" RelayForAuth="1"'],
    ['Location ="/LM/SmtpSvc/2"', 'Location ="/LM/SmtpSvc/22"'],
    ['AuthFlags="AuthBasic"', 'AuthFlags="AuthBasic'],
  ];
  let incremental = 0;
  for (const [from, to] of edits) {
    const start = text.indexOf(from);
    assert.ok(start >= 0, from);
    const next = text.slice(0, start) + to + text.slice(start + from.length);
    const before = model.keys[0];
    model = updateMetabase(model, next, start, start + from.length, to.length);
    if (model.keys[0] === before) incremental++;
    text = next;
    const full = parseMetabase(text);
    const strip = (fs: ReturnType<typeof allFindings>) => fs.map((f) => `${f.code}@${f.start}-${f.end}:${f.message}`).sort();
    assert.deepEqual(strip(allFindings(model)), strip(allFindings(full)), `after ${from} → ${to}`);
    assert.deepEqual(model.keys.map((k) => [k.path, k.start, k.end]), full.keys.map((k) => [k.path, k.start, k.end]));
  }
  // Most of these edits stay inside one key and must take the single-key path (the service key survives).
  assert.ok(incremental >= 4, `only ${incremental} incremental updates`);
});

test('incremental updates agree with a full parse about the per-kind problem cap (fuzz: metabase seeds 2, 3)', () => {
  // Each stray quote in a start tag is one syntax problem; the scanner reports the first 50 of a kind in
  // the whole document. Two keys with 40 each reach the cap only together, and removing one key's quotes
  // must bring back the problems the cap had hidden.
  const quotes = "'".repeat(40);
  let text = metabaseXml([QUIET_SERVICE, quietServer('1'), quietServer('2')]);
  let model = parseMetabase(text);
  const summaries = (m: MetabaseModel) => allFindings(m).filter((f) => f.message.startsWith('More problems of this kind follow')).length;
  const edit = (at: number, removed: number, inserted: string) => {
    const next = text.slice(0, at) + inserted + text.slice(at + removed);
    model = updateMetabase(model, next, at, at + removed, inserted.length);
    text = next;
    const strip = (m: MetabaseModel) => allFindings(m).map((f) => `${f.code}@${f.start}-${f.end}:${f.message}`).sort();
    assert.deepEqual(strip(model), strip(parseMetabase(text)));
  };
  const after = (location: string) => text.indexOf(`Location ="${location}"`) + `Location ="${location}"`.length;
  edit(after('/LM/SmtpSvc/1'), 0, quotes);
  assert.equal(summaries(model), 0);
  edit(after('/LM/SmtpSvc/2'), 0, quotes);
  assert.equal(summaries(model), 1);
  edit(after('/LM/SmtpSvc/1'), quotes.length, '');
  assert.equal(summaries(model), 0);
});
