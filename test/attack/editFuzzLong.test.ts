// Attack (slow): differential edit fuzzing, many seeds and edits per language. ATTACK_SEED=<n> replays one
// seed; ATTACK_RANDOM=1 draws new seeds (printed in every failure message). The committed seeds are green,
// including those that once found divergences (metabase problem cap, connector pipeline input, SMTP log
// #Date in force for a #Fields line); each of those also has a unit test of its minimal edit.
import { after, before, test } from 'node:test';
import { startClient, type TestLspClient } from '../helpers/lspClient';
import { fuzzEdits } from './helpers/editFuzz';
import { fuzzLanguages } from './helpers/languages';

let client: TestLspClient;
before(async () => {
  client = await startClient();
});
after(() => client.shutdown());

const seeds = process.env.ATTACK_SEED
  ? [Number(process.env.ATTACK_SEED)]
  : process.env.ATTACK_RANDOM
    ? Array.from({ length: 4 }, () => Math.floor(Math.random() * 2 ** 31))
    : undefined;
/** Seeds per language, all green. */
const GREEN: Record<string, number[]> = { 'iis-smtp-log': [1, 2, 3, 1252609702, 2133091609], 'iis-metabase': [1, 2, 3], powershell: [1, 2, 3], 'exchange-protocol-log': [1, 2, 3] };
const EDITS = Number(process.env.ATTACK_EDITS ?? 250);

for (const lang of fuzzLanguages()) {
  for (const seed of seeds ?? GREEN[lang.languageId]!) {
    test(`${lang.languageId}: ${EDITS} random edits, seed ${seed}`, async () => {
      await fuzzEdits(client, lang, seed, EDITS);
    });
  }
}
