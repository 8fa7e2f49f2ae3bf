// Every case of the library is solved in the app by its own `tracelab solve --json`
// output: the answers the command line prints are typed into the Answers tab the
// way a trainee enters them (pick the entity, paste addresses, type the amount in
// the asset's units, tick the options), submitted, and the debrief must give full
// marks for every auto-graded objective. This ties the generator, the command line,
// the grader and the app's answer inputs together on the real cases.
//
// One browser page for the whole library: each case is opened by its deep link,
// which the app follows without reloading.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCase, loadIndex } from './cases.mjs';
import { solve } from './cli.mjs';
import { tid, useTraceLab } from './harness.mjs';
import { formatUnits, showTab, submit } from './training.mjs';

const app = useTraceLab();

/** Enters `o.answer` (an objective of `solve --json`) through the objective's input. */
async function enter(page, caseData, o) {
  const box = page.locator(tid(`objective-${o.id}`));
  const input = box.locator(tid(`answer-${o.id}`));
  const key = o.answer;
  switch (o.kind) {
    case 'entity':
      await input.selectOption(key.entity);
      break;
    case 'address':
      await input.fill(key.address);
      await input.press('Tab');
      await page.waitForFunction(
        ({ sel, want }) => document.querySelector(sel)?.value === want,
        { sel: `${tid(`objective-${o.id}`)} ${tid(`answer-${o.id}`)}`, want: key.address },
      );
      break;
    case 'address_set':
    case 'path': {
      // Pasted as one list, in order; each becomes an item of the answer.
      await input.fill(key.addresses.join(' '));
      await input.press('Enter');
      const items = box.locator('.answer-list li');
      await page.waitForFunction(
        ({ sel, n }) => document.querySelectorAll(sel).length === n,
        { sel: `${tid(`objective-${o.id}`)} .answer-list li`, n: key.addresses.length },
      );
      const shown = await items.evaluateAll((lis) => lis.map((li) => li.querySelector('.mono')?.title));
      assert.deepEqual(shown, key.addresses, `${o.id}: the list holds the pasted addresses in order`);
      break;
    }
    case 'amount': {
      const asset = caseData.assets.find((a) => a.id === key.asset);
      assert.ok(asset, `${o.id}: asset ${key.asset} is in the case`);
      await input.fill(formatUnits(key.value, asset.decimals));
      await input.press('Tab');
      break;
    }
    case 'choice':
      for (const i of key.correct) await box.locator(tid(`answer-${o.id}-${i}`)).check();
      break;
    default:
      throw new Error(`${o.id}: objective kind ${o.kind} is not auto-graded here`);
  }
}

test('every library case is solved in the app by its own `tracelab solve --json`', async (t) => {
  const s = await app.open(t, '/');
  const { page } = s;
  for (const entry of loadIndex()) {
    await t.test(entry.id, async () => {
      const { data } = loadCase(entry.id);
      const solution = solve(entry.file);
      assert.equal(solution.id, data.id);
      const graded = solution.objectives.filter((o) => o.kind !== 'text');
      assert.ok(graded.length > 0, 'the case has auto-graded objectives');

      await s.goto(`/#/s/${entry.id}`);
      await page.waitForFunction(
        ({ sel, title }) => document.querySelector(sel)?.textContent.trim() === title,
        { sel: tid('case-title'), title: data.title },
      );
      await showTab(page, 'answers');
      for (const o of graded) await enter(page, data, o);

      const score = await submit(page);
      for (const o of graded) {
        const fb = await page.locator(tid(`feedback-${o.id}`)).innerText();
        assert.match(fb, new RegExp(`^${o.points} / ${o.points} points`), `${entry.id} ${o.id} (${o.kind}): ${fb}`);
      }
      if (graded.length === solution.objectives.length) {
        const total = graded.reduce((sum, o) => sum + o.points, 0);
        assert.match(score, new RegExp(`${total} / ${total} points \\(100\\.0%\\)`));
      }
    });
  }
  s.assertSameOrigin();
  s.assertNoPageErrors();
});
