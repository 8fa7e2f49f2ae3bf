// A case file is untrusted: <script> and <img onerror> in every text field must be
// shown as text, never run and never load anything.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';
import { showTab } from './training.mjs';

const app = useTraceLab();
const PAYLOAD = ' <script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2"> **bold**';
const TEXT_KEYS = new Set(['title', 'summary', 'briefing', 'debrief', 'note', 'prompt', 'text', 'explanation', 'name', 'description', 'memo', 'notes', 'source']);

/** Appends the payload to every free-text field, and to every choice option. */
function poison(value, key) {
  if (Array.isArray(value)) return value.map((v) => (key === 'options' ? v + PAYLOAD : poison(v)));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)]));
  }
  if (typeof value === 'string' && TEXT_KEYS.has(key)) return value + PAYLOAD;
  return value;
}

test('script and img onerror in every text field render as text', async (t) => {
  const c = poison(loadCase(TUTORIAL_ID).data);
  const s = await app.open(t, '/');
  const { page } = s;
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await page.locator(tid('open-file')).setInputFiles({ name: 'xss.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(c)) });
  await page.locator(tid('case-title')).waitFor();
  assert.ok((await page.locator(tid('case-title')).innerText()).includes('<script>window.__xss = 1</script>'));
  assert.ok((await page.locator(tid('briefing')).innerText()).includes('<img src="x" onerror="window.__xss = 2">'));
  await showTab(page, 'answers');
  const prompt = await page.locator(tid(`objective-${c.objectives[0].id}`)).innerText();
  assert.ok(prompt.includes('<img src="x"'), prompt);
  // Hints and the inspector's label texts too.
  await page.locator(tid(`hint-${c.objectives[0].id}`)).click();
  await page.locator('.hint').first().waitFor();
  assert.ok((await page.locator('.hint').first().innerText()).includes('<script>'));
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
  assert.equal(await page.locator('[data-testid="app"] img').count(), 0, 'no image element was created');
  assert.equal(await page.locator('[data-testid="app"] script').count(), 0);
  assert.equal(dialogs, 0);
  s.assertSameOrigin();
  s.assertNoPageErrors();
});

test('a web link in a briefing opens in a new tab and says where it goes', async (t) => {
  const c = loadCase(TUTORIAL_ID).data;
  c.briefing = `Read [the bank's notice](https://bank.example:pw@evil.example/notice) first.\n\n${c.briefing}`;
  const s = await app.open(t, '/');
  const { page } = s;
  await page.locator(tid('open-file')).setInputFiles({ name: 'links.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(c)) });
  const link = page.locator(`${tid('briefing')} a`, { hasText: "the bank's notice" });
  await link.waitFor();
  // The host shown is where the link really goes, not what its text suggests.
  assert.match(await page.locator(`${tid('briefing')} .link-host`).first().innerText(), /evil\.example/);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  // Clicking it opens another tab (refused at once: it is not the page's origin)
  // and TraceLab stays where it was.
  const [popup] = await Promise.all([s.context.waitForEvent('page'), link.click()]);
  await popup.close();
  assert.equal((await page.locator(tid('case-title')).innerText()).trim(), c.title);
  assert.equal(new URL(page.url()).hash, `#/f/${c.id}`);
  s.assertNoPageErrors();
});
