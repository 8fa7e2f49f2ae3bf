// The library (home page) lists every bundled case; opening one shows the workspace.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase, loadIndex } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';

const app = useTraceLab();

test('the library shows every case, and a card opens its workspace', async (t) => {
  const index = loadIndex();
  const tutorial = loadCase(TUTORIAL_ID);
  const start = tutorial.data.start.addresses[0];

  const s = await app.open(t, '/');
  const { page } = s;

  for (const { id, title } of index) {
    const card = page.locator(tid(`scenario-card-${id}`));
    await card.waitFor();
    assert.ok((await card.innerText()).includes(title), `card ${id} shows its title "${title}"`);
  }

  await page.locator(tid(`scenario-card-${TUTORIAL_ID}`)).click();

  const title = page.locator(tid('case-title'));
  await title.waitFor();
  assert.equal((await title.innerText()).trim(), tutorial.data.title);
  await page.locator(tid('briefing')).waitFor({ state: 'visible' });

  const canvas = page.locator(tid('graph-canvas'));
  await canvas.waitFor({ state: 'visible' });
  assert.equal(await canvas.evaluate((el) => el.tagName), 'CANVAS');
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, `the canvas has a size (${JSON.stringify(box)})`);

  await page.locator(`${tid('node-list')} ${tid(`node-row-${start}`)}`).waitFor();
  await page.waitForFunction((hash) => location.hash === hash, `#/s/${TUTORIAL_ID}`);

  s.assertSameOrigin();
  s.assertNoPageErrors();
});
