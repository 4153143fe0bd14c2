// Attack (fast part): every pathological input of test/attack/helpers/pathological.ts, at a moderate size,
// through each language service: no throw, diagnostics within the cap. The growth-rate checks are in
// test/attack/scaling.test.ts (slow). The connector cases run there only: a process that loaded the
// PowerShell grammar spends ~20 s in V8's background WebAssembly compilation before it can exit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASES, exercise, languageServices } from '../helpers/pathological';

for (const c of CASES.filter((x) => x.languageId !== 'powershell')) {
  test(`${c.languageId}: ${c.name}`, async () => {
    const service = (await languageServices()).get(c.languageId)!;
    for (const n of [0, 1, 7, 20_000]) {
      const count = exercise(service, c.languageId, c.make(n));
      assert.ok(count <= 1001, `${count} diagnostics at n=${n}`);
    }
  });
}
