// Attack (fast part): differential edit fuzzing in all three languages through the real server (needs
// `npm run build`). The long run is test/attack/editFuzzLong.test.ts.
import { after, before, test } from 'node:test';
import { startClient, type TestLspClient } from '../../helpers/lspClient';
import { fuzzEdits } from '../helpers/editFuzz';
import { fuzzLanguages } from '../helpers/languages';

let client: TestLspClient;
before(async () => {
  client = await startClient();
});
after(() => client.shutdown());

const SEED = Number(process.env.ATTACK_SEED ?? 20261203);

for (const lang of fuzzLanguages()) {
  test(`${lang.languageId}: after every random edit the diagnostics equal a fresh open's (seed ${SEED})`, async () => {
    await fuzzEdits(client, lang, SEED, 25);
  });
}
