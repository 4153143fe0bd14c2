// Attack (slow): differential edit fuzzing, many seeds and edits per language. ATTACK_SEED=<n> replays one
// seed; ATTACK_RANDOM=1 draws new seeds (printed in every failure message). The committed seeds are green:
// random seeds still find divergences owned elsewhere (see the reliability report: metabase structure cap,
// SMTP log #Fields after a split directive line).
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
/** Seeds green today per language. Red ones, owned elsewhere: metabase 2 and 3, powershell 1 (see the report). */
const GREEN: Record<string, number[]> = { 'iis-smtp-log': [1, 2, 3], 'iis-metabase': [1, 2, 3], powershell: [1, 2, 3] };
const EDITS = Number(process.env.ATTACK_EDITS ?? 250);

for (const lang of fuzzLanguages()) {
  for (const seed of seeds ?? GREEN[lang.languageId]!) {
    test(`${lang.languageId}: ${EDITS} random edits, seed ${seed}`, async () => {
      await fuzzEdits(client, lang, seed, EDITS);
    });
  }
}
