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

test('the theme follows the system until the trainee picks one, and the pick survives a reload', async (t) => {
  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  const { page } = s;
  const toggle = page.locator(tid('theme-toggle'));
  const canvas = page.locator(tid('graph-canvas'));
  await canvas.waitFor({ state: 'visible' });
  // What the page shows: the toggle's state, the page background and the
  // canvas's own background (a corner pixel), which it paints from the palette.
  const shown = async () => ({
    pressed: await toggle.getAttribute('aria-pressed'),
    label: (await toggle.innerText()).trim(),
    page: await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
    canvas: await canvas.evaluate((c) => [...c.getContext('2d').getImageData(1, 1, 1, 1).data.slice(0, 3)].join(',')),
  });
  const waitPressed = (value) =>
    page.waitForFunction(
      ([sel, v]) => document.querySelector(sel)?.getAttribute('aria-pressed') === v,
      [tid('theme-toggle'), value],
    );
  // The canvas repaints on the next animation frame after the theme changes.
  const nextFrames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  await page.emulateMedia({ colorScheme: 'light' });
  await waitPressed('false');
  await nextFrames();
  const light = await shown();
  assert.equal(light.label, '☾ Dark theme');
  const themeAttr = () => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  assert.equal(await themeAttr(), 'light');

  // The system switches to dark while the page is open: the page, the canvas and
  // the toggle's label all follow, with no choice stored.
  await page.emulateMedia({ colorScheme: 'dark' });
  await waitPressed('true');
  await nextFrames();
  const dark = await shown();
  assert.equal(dark.label, '☀ Light theme');
  assert.equal(await themeAttr(), 'dark');
  assert.notEqual(dark.page, light.page, 'the page background changed');
  assert.notEqual(dark.canvas, light.canvas, 'the canvas repainted in the dark palette');
  assert.equal(await page.evaluate(() => localStorage.getItem('tracelab.theme')), null);

  // The trainee picks light: it is stored, and the system no longer decides.
  await toggle.click();
  await waitPressed('false');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page.evaluate(() => localStorage.getItem('tracelab.theme')), '"light"');
  await nextFrames();
  assert.deepEqual(await shown(), light);

  await page.reload();
  // The stored theme is set by index.html's script, before the app starts.
  assert.equal(await themeAttr(), 'light');
  await canvas.waitFor({ state: 'visible' });
  await waitPressed('false');
  await nextFrames();
  assert.deepEqual(await shown(), light, 'the pick survives a reload under a dark system');
  s.assertNoPageErrors();
});
