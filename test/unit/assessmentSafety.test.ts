// Hostile logs cannot inject PowerShell: the generated script, parsed with the PowerShell tree-sitter grammar,
// holds exactly the expected commands, and every argument is a literal (single-quoted string, $true/$false).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { planFromAssessment } from '../../server/src/assessment/run';
import { expandPaths } from '../../server/src/assessment/sources';
import { assessPathsInPool } from '../../server/src/cli/assessInPool';
import { planTexts, session, w3cLog } from '../helpers/assessmentHelpers';

const ROOT = join(__dirname, '..', '..');

let loaded: Promise<Parser> | undefined;

function parser(): Promise<Parser> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<Parser> {
  await Parser.init({ locateFile: () => join(ROOT, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm') });
  const language = await Language.load(join(ROOT, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', 'tree-sitter-powershell.wasm'));
  const p = new Parser();
  p.setLanguage(language);
  return p;
}

/** Hostile values, written into the log the way IIS encodes them (spaces as `+`). */
const HOSTILE_HELO = "evil';$(Remove-Item+C:\\+-Recurse)#>`n\u2019;calc";
const HOSTILE = [
  // Anonymous relay with hostile senders and recipients.
  ...session('08:00:00', '10.9.0.1', HOSTILE_HELO, "a'b$(calc)@contoso.com", ["x@evil.com';Remove-Item+x;'", 'y@ext\u201bernal.example', 'z@victim.example#>', 'w@a.b+%0A+c', 'v@real-target.example']),
  ...session('08:00:01', '10.9.0.2', '$(Invoke-Expression+x)', '`whoami`@c\u03bfntoso.com', ['u@fabrikam.example']),
  ...session('08:00:02', '10.9.0.3', 'x', "ops@evil'domain.com", ['q;rm@adatum.example']),
  // Authenticated with a hostile mechanism name and sender.
  ...session('08:00:03', '10.9.0.4', '#>\u2018;', 'app\u2019s@contoso.com', ['t@tailspin.example'], { auth: 'LOGIN' }),
  // Hostile client addresses: not IPs, or bracketed / mapped ones that must be re-printed.
  ...session('08:00:04', "10.9.0.5';$(x)", 'h', 'a@contoso.com', ['b@external.example']),
  ...session('08:00:05', '::ffff:10.9.0.6', 'h', 'a@contoso.com', ['b@external.example']),
  // A denied relay and a public source with hostile text.
  ['08:00:06', '10.9.0.7', "p'$(x)", 'HELO', "+p'$(x)", 250],
  ['08:00:06', '10.9.0.7', "p'$(x)", 'MAIL', '+FROM:<p@contoso.com>', 250],
  ['08:00:06', '10.9.0.7', "p'$(x)", 'RCPT', "+TO:<x@evil.com';$(y)>", 550],
  ['08:00:06', '10.9.0.7', "p'$(x)", 'QUIT', "p'$(x)", 240],
  ['08:00:07', '198.51.100.9', '`$(x)`', 'xxxx', "+';$(x)#>", 500],
] as Parameters<typeof w3cLog>[1];

/** An outbound connection whose banner is hostile (it must not become a smart host). */
const HOSTILE_OUTBOUND = [
  "2026-11-02 08:00:10 52.101.68.10 OutboundConnectionResponse SMTPSVC1 RELAY01 - 25 - - 220+evil.mail.protection.outlook.com';$(x)+ESMTP 0 0 30 0 0 SMTP - - -",
  '2026-11-02 08:00:10 52.101.68.10 OutboundConnectionCommand SMTPSVC1 RELAY01 - 25 QUIT - - 0 0 4 0 0 SMTP - - -',
  '2026-11-02 08:00:10 52.101.68.10 OutboundConnectionResponse SMTPSVC1 RELAY01 - 25 - - 221+bye 0 0 30 0 0 SMTP - - -',
].join('\r\n');

const HOSTILE_LOG = w3cLog('2026-11-02', HOSTILE) + HOSTILE_OUTBOUND + '\r\n';

const ALLOWED_COMMANDS = new Set(['New-AcceptedDomain', 'New-ReceiveConnector', 'Get-ReceiveConnector', 'Add-ADPermission', 'New-SendConnector']);

interface ParsedCommand {
  name: string;
  parameters: string[];
  values: string[];
}

/** Every command of the script; fails on anything that is not a plain command with literal arguments. */
function literalCommands(p: Parser, script: string): ParsedCommand[] {
  const tree = p.parse(script)!;
  const out: ParsedCommand[] = [];
  assert.equal(tree.rootNode.hasError, false, 'script has syntax errors');
  const visit = (n: Node): void => {
    if (n.type === 'comment') {
      assert.ok(!n.text.startsWith('<#'), 'block comment');
      return;
    }
    if (n.type === 'command') {
      const name = n.childForFieldName('command_name')!.text;
      const cmd: ParsedCommand = { name, parameters: [], values: [] };
      for (const el of n.childForFieldName('command_elements')?.namedChildren ?? []) {
        if (!el) continue;
        if (el.type === 'command_argument_sep') continue;
        if (el.type === 'command_parameter') {
          cmd.parameters.push(el.text);
          continue;
        }
        assert.equal(el.type, 'array_literal_expression', `argument of ${name}: ${el.type}`);
        for (const item of el.namedChildren) {
          assert.equal(item!.type, 'unary_expression');
          const leaf = item!.namedChildren[0]!;
          if (leaf.type === 'variable') {
            assert.ok(leaf.text === '$true' || leaf.text === '$false', `variable ${leaf.text}`);
            cmd.values.push(leaf.text);
          } else {
            assert.equal(leaf.type, 'string_literal', `value ${leaf.text}`);
            assert.ok(leaf.text.startsWith("'") && leaf.text.endsWith("'"), `not a verbatim string: ${leaf.text}`);
            assert.deepEqual(leaf.namedChildren.map((c) => c!.type), ['verbatim_string_characters']);
            cmd.values.push(leaf.text.slice(1, -1).replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1'));
          }
        }
      }
      out.push(cmd);
      return;
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(tree.rootNode);
  return out;
}

function checkScript(p: Parser, script: string): ParsedCommand[] {
  const cmds = literalCommands(p, script);
  for (const c of cmds) assert.ok(ALLOWED_COMMANDS.has(c.name), `unexpected command ${c.name}`);
  // Comments are single lines from a safe set; no line can close or open anything.
  for (const line of script.split('\r\n')) {
    assert.ok(!/[\r\n]/.test(line));
    if (line.startsWith('#')) assert.ok(!line.includes('#>') && !line.includes('`'), line);
  }
  return cmds;
}

test('hostile log text never reaches the script as code', async () => {
  const p = await parser();
  const r = planTexts([{ name: "evil';$(x).log", text: HOSTILE_LOG }]);
  const cmds = checkScript(p, r.script);
  assert.deepEqual(
    cmds.map((c) => c.name),
    ['New-ReceiveConnector', 'Get-ReceiveConnector', 'Add-ADPermission', 'New-ReceiveConnector', 'Get-ReceiveConnector', 'Add-ADPermission', 'New-SendConnector'],
  );
  // Only the valid domain is suggested (a commented line: inferred domains are never run as they are);
  // the look-alike and the quoted one were refused.
  assert.deepEqual(r.script.split('\r\n').filter((l) => l.startsWith('# New-AcceptedDomain')), ["# New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType 'Authoritative'"]);
  const relay = cmds[3]!;
  const ranges = relay.values[relay.parameters.indexOf('-RemoteIPRanges') + 2];
  assert.deepEqual(relay.values.slice(2, 6), ['0.0.0.0:25', '10.9.0.1-10.9.0.3', '10.9.0.6', 'AnonymousUsers'], String(ranges));
  assert.deepEqual(cmds[0]!.values.slice(3, 4), ['10.9.0.4']);
  // One next hop, recipients unknown: routing is undetermined, so DNS routing is proposed and the smart-host
  // alternative (commented) names the hop by its re-printed address, since the hostile banner is not a host name.
  assert.deepEqual(cmds[6]!.values.slice(3, 4), ['$true']);
  assert.match(r.script, /\r\n# New-SendConnector .* -SmartHosts '52\.101\.68\.10' -DNSRoutingEnabled \$false/);
  for (const c of cmds) for (const v of c.values) assert.match(v, /^[A-Za-z0-9 .:,*\\/_-]+$|^\$(true|false)$/, `value ${v}`);
});

test('the same hostile log streamed from disk (Latin-1 bytes) is just as safe', async () => {
  const p = await parser();
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  try {
    writeFileSync(join(dir, 'ex261102.log'), Buffer.from(HOSTILE_LOG, 'utf8'));
    const { acc } = await assessPathsInPool(await expandPaths([dir]), {}, 1);
    const a = finalizeAssessment(acc, { acceptedDomains: [], metabaseSmartHost: "mx'$(x).example" });
    const r = planFromAssessment(a, { acceptedDomains: [], cidrRounding: false });
    const cmds = checkScript(p, r.script);
    assert.ok(cmds.every((c) => ALLOWED_COMMANDS.has(c.name)));
    assert.ok(cmds.at(-1)!.values.includes('smarthost.replace-me.invalid'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile configured accepted domains are left out, not quoted into the script', async () => {
  const p = await parser();
  const r = planTexts([{ name: 'x.log', text: HOSTILE_LOG }], ["contoso.com'; Remove-Item x; '", 'contoso.com', 'c\u03bfntoso.com']);
  const cmds = checkScript(p, r.script);
  assert.deepEqual(cmds.filter((c) => c.name === 'New-AcceptedDomain').map((c) => c.values[0]), ['contoso.com']);
  assert.ok(r.warnings.some((w) => w.code === 'invalid-domain'));
});
