// Bad input never loses the open case: a malformed or invalid case file gets a
// banner listing every problem with where it is, and the tutorial stays open. A
// valid file dropped on the app opens.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TUTORIAL_ID, brokenCopy, loadCase } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';

const app = useTraceLab();
const OTC_ID = 'usdt-tron-otc';

async function problems(page) {
  return page.locator(`${tid('error-banner')} ${tid('error-problem')}`).allInnerTexts();
}

async function openFile(page, name, text) {
  await page.locator(tid('open-file')).setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text, 'utf8'),
  });
}

async function assertTutorialStillOpen(page, title, start) {
  assert.equal((await page.locator(tid('case-title')).innerText()).trim(), title);
  await page.locator(tid(`node-row-${start}`)).waitFor();
}

async function dismiss(page) {
  await page.locator(tid('error-dismiss')).click();
  await page.locator(tid('error-banner')).waitFor({ state: 'hidden' });
}

test('malformed and invalid files are reported and do not replace the open case', async (t) => {
  const tutorial = loadCase(TUTORIAL_ID);
  const { title } = tutorial.data;
  const start = tutorial.data.start.addresses[0];

  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  const { page } = s;
  await page.locator(tid('case-title')).waitFor();
  await page.locator(tid(`node-row-${start}`)).waitFor();

  // 1. Not JSON: the problem names a line and a column.
  const malformed = '{\n  "schema_version": 1,\n  "id": "broken",\n  "title": oops\n}\n';
  await openFile(page, 'malformed.json', malformed);
  const banner = page.locator(tid('error-banner'));
  await banner.waitFor({ state: 'visible' });
  assert.equal(await banner.getAttribute('role'), 'alert');
  await page.locator(`${tid('error-banner')} ${tid('error-problem')}`).first().waitFor();
  const syntax = await problems(page);
  assert.ok(syntax.length >= 1);
  assert.ok(
    syntax.some((p) => /line\s*\d+/i.test(p) && /col(umn)?\s*\d+/i.test(p)),
    `a problem gives line and column: ${JSON.stringify(syntax)}`,
  );
  assert.ok(syntax.some((p) => /line\s*4\b/i.test(p)), `the error is on line 4: ${JSON.stringify(syntax)}`);
  await assertTutorialStillOpen(page, title, start);
  await dismiss(page);

  // 2. Valid JSON, invalid case: every problem is listed with its JSON path.
  const broken = brokenCopy(tutorial.data, start);
  await openFile(page, 'invalid.json', broken.text);
  await banner.waitFor({ state: 'visible' });
  await page.locator(`${tid('error-banner')} ${tid('error-problem')}`).nth(2).waitFor();
  const listed = await problems(page);
  assert.ok(listed.length >= 3, `at least 3 problems: ${JSON.stringify(listed)}`);
  for (const [what, paths] of Object.entries(broken.expected)) {
    assert.ok(
      listed.some((p) => paths.some((path) => p.includes(path))),
      `the ${what} problem is reported at one of ${JSON.stringify(paths)}; listed: ${JSON.stringify(listed)}`,
    );
  }
  assert.ok(!listed.some((p) => p.includes('$.')), 'paths are written without a leading $');
  await assertTutorialStillOpen(page, title, start);
  await dismiss(page);

  s.assertSameOrigin();
  s.assertNoPageErrors();
});

test('a case file dropped on the app opens', async (t) => {
  const tutorial = loadCase(TUTORIAL_ID);
  const otc = loadCase(OTC_ID);

  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  const { page } = s;
  const caseTitle = page.locator(tid('case-title'));
  await caseTitle.waitFor();
  assert.equal((await caseTitle.innerText()).trim(), tutorial.data.title);

  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      return dt;
    },
    { name: `${OTC_ID}.json`, text: otc.text },
  );
  const target = tid('app');
  await page.dispatchEvent(target, 'dragenter', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await page.dispatchEvent(target, 'drop', { dataTransfer });
  await dataTransfer.dispose();

  await page.waitForFunction(
    ({ sel, title }) => document.querySelector(sel)?.textContent.trim() === title,
    { sel: tid('case-title'), title: otc.data.title },
  );
  await page.locator(tid(`node-row-${otc.data.start.addresses[0]}`)).waitFor();
  assert.equal(await page.locator(tid('error-banner')).count(), 0, 'no error banner for a valid file');

  s.assertSameOrigin();
  s.assertNoPageErrors();
});
