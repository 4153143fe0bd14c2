// Attack: log-controlled text in Markdown hovers. A HELO of `![p](https://…)[x](command:…)` must render as
// text: no image fetch, no link, no auto-linked URL (server/src/common/markdown.ts), through the real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { markdownCode, markdownText } from '../../../server/src/common/markdown';
import { hoverText, startClient, type TestLspClient } from '../../helpers/lspClient';
import { metabaseXml, QUIET_SERVICE, quietServer } from '../../fixtures/metabase/build';

const EVIL = '![p](https://evil.example/px.png)[click](command:workbench.action.terminal.new)<img src=x>&lt;www.evil.example';
let client: TestLspClient;

before(async () => {
  client = await startClient();
});
after(() => client.shutdown());

/** What a Markdown renderer would turn into an image, a link, HTML or an auto-link (code spans are inert). */
function assertInert(text: string): void {
  const md = text.replace(/`[^`\n]*`/g, '');
  assert.doesNotMatch(md, /(^|[^\\])!\[/, 'image');
  assert.doesNotMatch(md, /(^|[^\\])\]\(/, 'link');
  assert.doesNotMatch(md, /(^|[^\\])<img/i, 'html');
  assert.doesNotMatch(md, /https?:\/\/(?!learn\.microsoft\.com\/)/, 'auto-linked URL (catalogue links to the docs excepted)');
  assert.doesNotMatch(md, /(^|[^\\])www\.evil/, 'auto-linked www');
  assert.doesNotMatch(md, /(^|[^\\])&lt;/, 'entity');
}

test('markdownText escapes every ASCII punctuation character and controls; markdownCode keeps the span closed', () => {
  const t = markdownText(`${EVIL}\u202e\x1b[2J`);
  assertInert(t);
  assert.doesNotMatch(t, /[\x1b\u202e]/);
  const c = markdownCode('a`b\x07');
  assert.equal(c, '`aˋb\u2400`');
});

test('SMTP log hovers show a hostile HELO, sender and field name as text', async () => {
  const helo = EVIL.replace(/ /g, '+');
  const text = [
    '#Software: Microsoft Internet Information Services 6.0',
    '#Version: 1.0',
    '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer) x-[a](command:x)',
    `2026-11-02 07:00:01 10.1.20.15 ${helo} SMTPSVC1 RELAY01 10.1.0.5 0 EHLO - +${helo} 250 0 230 25 0 SMTP - - - - -`,
    `2026-11-02 07:00:01 10.1.20.15 ${helo} SMTPSVC1 RELAY01 10.1.0.5 0 MAIL - +FROM:<${helo}@contoso.com> 250 0 47 40 0 SMTP - - - - -`,
    `2026-11-02 07:00:02 10.1.20.15 ${helo} SMTPSVC1 RELAY01 10.1.0.5 0 ${helo} - +x 500 0 47 40 0 SMTP - - - - -`,
    '',
  ].join('\r\n');
  const uri = 'file:///hostile-helo.log';
  await client.open(uri, 'iis-smtp-log', text);
  const lines = text.split('\r\n');
  let hovers = 0;
  for (let line = 2; line < 6; line++) {
    for (let character = 0; character < lines[line]!.length; character += 7) {
      const md = hoverText(await client.hover(uri, { line, character }));
      if (!md) continue;
      hovers++;
      assertInert(md);
    }
  }
  assert.ok(hovers > 20, `${hovers} hovers`);
  const session = hoverText(await client.hover(uri, { line: 3, character: 1 }));
  assert.match(session, /EHLO "\\!\\\[p\\\]\\\(https\\:\\\/\\\/evil/, 'the HELO is shown, escaped');
});

test('connector hovers show a hostile parameter value as text', async () => {
  const text = `New-ReceiveConnector -Name 'A' -Usage Custom -Bindings '${EVIL.replace(/'/g, '')}' -MaxMessageSize '${EVIL.replace(/'/g, '')}'\r\n`;
  const uri = 'file:///hostile.ps1';
  await client.open(uri, 'powershell', text);
  let hovers = 0;
  for (let character = 0; character < text.length; character += 3) {
    const md = hoverText(await client.hover(uri, { line: 0, character }));
    if (!md) continue;
    hovers++;
    assertInert(md);
  }
  assert.ok(hovers > 0);
});

test('metabase hovers show a hostile server comment, smart host, log folder and domain as text (code spans stay closed)', async () => {
  const tick = 'x`' + EVIL;
  const text = metabaseXml([
    QUIET_SERVICE,
    quietServer('1', { ServerComment: EVIL, SmartHost: tick, SmartHostType: '2', LogFileDirectory: `C:\\logs\\${tick}` }),
    { type: 'IIsSmtpDomain', location: `/LM/SmtpSvc/1/Domain/${tick}`, props: { RouteAction: '2', RelayForAuth: '0' } },
  ]);
  const uri = 'file:///hostile/MetaBase.xml';
  await client.open(uri, 'iis-metabase', text);
  const lines = text.split('\r\n');
  let hovers = 0;
  let shown = false;
  for (let line = 0; line < lines.length; line++) {
    for (let character = 0; character < lines[line]!.length; character += 5) {
      const md = hoverText(await client.hover(uri, { line, character }));
      if (!md) continue;
      hovers++;
      assertInert(md);
      if (md.includes('Virtual server 1')) {
        shown = true;
        assert.match(md, /`xˋ!\[p\]\(https:\/\/evil\.example\/px\.png\)/, 'the smart host in its code span, the backtick replaced');
        assert.match(md, /\\!\\\[p\\\]\\\(https\\:\\\/\\\/evil/, 'the server comment escaped as prose');
      }
    }
  }
  assert.ok(shown, 'the virtual-server hover was shown');
  assert.ok(hovers > 10, `${hovers} hovers`);
});
