// The protocol module (server/src/protocol) is the one place for command names and language ids: package.json
// contributes exactly its client commands and languages, the server registers exactly its server commands, the
// language services serve exactly its language ids, and no other source file spells a command name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serverCapabilities } from '../../server/src/capabilities';
import { createServerCommands } from '../../server/src/commandRegistry';
import { createLanguageServices } from '../../server/src/languages';
import {
  CLIENT_COMMANDS,
  CONTRIBUTED_LANGUAGE_IDS,
  SERVED_LANGUAGE_IDS,
  SERVER_COMMAND_IDS,
  USER_PICKED_NOTIFICATION,
  WORKSPACE_TRUST_NOTIFICATION,
} from '../../server/src/protocol';
import { REPO_ROOT } from '../helpers/lspClient';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    languages: { id: string }[];
    grammars: { language: string }[];
    menus: Record<string, { command: string }[]>;
    walkthroughs: { steps: { completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const clientCommands: string[] = Object.values(CLIENT_COMMANDS);
const sorted = (list: Iterable<string>): string[] => [...new Set(list)].sort();

test('package.json contributes exactly the client commands of the protocol module', () => {
  assert.deepEqual(sorted(manifest.contributes.commands.map((c) => c.command)), sorted(clientCommands));
  assert.equal(new Set(clientCommands).size, clientCommands.length, 'two client commands share a name');
});

test('menus and walkthrough events name only contributed commands', () => {
  const known = new Set(clientCommands);
  const inMenus = Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.command));
  const inWalkthroughs = manifest.contributes.walkthroughs
    .flatMap((w) => w.steps.flatMap((s) => s.completionEvents ?? []))
    .filter((e) => e.startsWith('onCommand:'))
    .map((e) => e.slice('onCommand:'.length));
  assert.ok(inMenus.length > 0 && inWalkthroughs.length > 0);
  assert.deepEqual([...inMenus, ...inWalkthroughs].filter((c) => !known.has(c)), []);
});

test('package.json contributes exactly the protocol languages; grammars and activation follow them', () => {
  assert.deepEqual(sorted(manifest.contributes.languages.map((l) => l.id)), sorted(CONTRIBUTED_LANGUAGE_IDS));
  assert.deepEqual(sorted(manifest.contributes.grammars.map((g) => g.language)), sorted(CONTRIBUTED_LANGUAGE_IDS));
  const activation = manifest.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
  for (const id of SERVED_LANGUAGE_IDS) assert.ok(activation.includes(id), `no onLanguage:${id} activation event`);
});

test('the server registers and announces exactly the protocol server commands, none of them a client command', () => {
  const commands = createServerCommands();
  assert.deepEqual(sorted(commands.map((c) => c.id)), sorted(SERVER_COMMAND_IDS));
  assert.deepEqual(sorted(serverCapabilities(createLanguageServices(), commands).executeCommandProvider?.commands ?? []), sorted(SERVER_COMMAND_IDS));
  assert.deepEqual(SERVER_COMMAND_IDS.filter((id) => clientCommands.includes(id)), []);
});

test('the language services serve exactly the protocol language ids, each once', () => {
  const served = createLanguageServices().flatMap((s) => [...s.languageIds]);
  assert.deepEqual([...served].sort(), sorted(SERVED_LANGUAGE_IDS));
});

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(REPO_ROOT, dir))) {
    const path = `${dir}/${name}`;
    if (statSync(join(REPO_ROOT, path)).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

test('no source file outside server/src/protocol spells a command or notification name in a string (comments may)', () => {
  const names = new Set<string>([...clientCommands, ...SERVER_COMMAND_IDS, WORKSPACE_TRUST_NOTIFICATION, USER_PICKED_NOTIFICATION]);
  const files = [...sources('server/src'), ...sources('client/src')].filter((f) => !f.startsWith('server/src/protocol/'));
  assert.ok(files.length > 100);
  const found = files.flatMap((f) =>
    [...readFileSync(join(REPO_ROOT, f), 'utf8').matchAll(/(['"])([\w./-]+)\1/g)].filter((m) => names.has(m[2]!)).map((m) => `${f}: ${m[0]}`),
  );
  assert.deepEqual(found, []);
});

test('the client talks to the server only through the typed helpers (no untyped request, no cast result)', () => {
  const files = sources('client/src').filter((f) => f !== 'client/src/serverProtocol.ts');
  const untyped = files.filter((f) => /\b(sendRequest|sendNotification)\s*\(|ExecuteCommandRequest/.test(readFileSync(join(REPO_ROOT, f), 'utf8')));
  assert.deepEqual(untyped, []);
  const helpers = readFileSync(join(REPO_ROOT, 'client/src/serverProtocol.ts'), 'utf8');
  assert.match(helpers, /export function executeServerCommand/);
  assert.doesNotMatch(helpers, /\bas\s+(?!const\b)[A-Z]\w*/, 'a cast in the typed helpers');
});
