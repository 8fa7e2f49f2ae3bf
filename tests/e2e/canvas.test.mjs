// Mouse work on the graph canvas (tutorial case): click, shift-click, box select,
// drag a node, zoom to the selection, hover card, and following the whole trail
// from the victim's payment to the exchange by clicking nodes on the canvas.
//
// A node's screen position comes from its world position (data-x/data-y on its
// row in the node list) and the camera (data-view="origin_x origin_y scale" on the
// canvas), so the tests click where the app says the node is drawn.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';

const app = useTraceLab();

async function view(page) {
  const v = await page.locator(tid('graph-canvas')).getAttribute('data-view');
  const [ox, oy, scale] = v.split(' ').map(Number);
  return { ox, oy, scale };
}

/** Page coordinates of an address's node on the canvas. */
async function nodeOnScreen(page, address) {
  const row = page.locator(tid(`node-row-${address}`));
  const x = Number(await row.getAttribute('data-x'));
  const y = Number(await row.getAttribute('data-y'));
  const { ox, oy, scale } = await view(page);
  const box = await page.locator(tid('graph-canvas')).boundingBox();
  return { x: box.x + (x - ox) * scale, y: box.y + (y - oy) * scale };
}

async function clickNode(page, address, modifiers = []) {
  const p = await nodeOnScreen(page, address);
  await page.mouse.move(p.x, p.y);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.down();
  await page.mouse.up();
  for (const m of modifiers) await page.keyboard.up(m);
}

const selectedMany = async (page) =>
  ((await page.locator(tid('graph-canvas')).getAttribute('data-selected')) ?? '').split(' ').filter(Boolean);

async function waitSelected(page, address) {
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true',
    tid(`node-row-${address}`),
  );
}

async function openTutorial(t) {
  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  await s.page.locator(`${tid('graph-canvas')}[data-view]`).waitFor();
  return s;
}

test('click, shift-click and box select on the canvas; zoom to selection', async (t) => {
  const { data } = loadCase(TUTORIAL_ID);
  const [victimPayment, ...rest] = data.solution.key_addresses;
  assert.ok(rest.length > 0);
  const s = await openTutorial(t);
  const { page } = s;
  // The start transaction's parties are on the graph: pick one that is not the start.
  const rows = await page.locator(`${tid('node-list')} [data-testid^="node-row-"]`).evaluateAll((r) =>
    r.map((e) => e.dataset.testid.slice('node-row-'.length)),
  );
  const other = rows.find((a) => a !== victimPayment);
  assert.ok(other, 'the opening graph has a second address');

  await clickNode(page, other);
  await waitSelected(page, other);
  assert.deepEqual(await selectedMany(page), [other]);

  await clickNode(page, victimPayment, ['Shift']);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.selected.split(' ').length === 2, tid('graph-canvas'));
  assert.deepEqual((await selectedMany(page)).sort(), [other, victimPayment].sort());

  // Shift-click again takes it out.
  await clickNode(page, victimPayment, ['Shift']);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.selected.split(' ').length === 1, tid('graph-canvas'));

  // Box select: shift-drag from an empty corner around every node.
  const all = await Promise.all(rows.map((a) => nodeOnScreen(page, a)));
  const x0 = Math.min(...all.map((p) => p.x)) - 40;
  const y0 = Math.min(...all.map((p) => p.y)) - 40;
  const x1 = Math.max(...all.map((p) => p.x)) + 40;
  const y1 = Math.max(...all.map((p) => p.y)) + 40;
  await page.keyboard.down('Shift');
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 3 });
  await page.mouse.move(x1, y1, { steps: 3 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.waitForFunction(
    ({ sel, n }) => document.querySelector(sel)?.dataset.selected.split(' ').length === n,
    { sel: tid('graph-canvas'), n: rows.length },
  );
  assert.deepEqual((await selectedMany(page)).sort(), [...rows].sort());

  // Zoom to the selection of one node: it ends up in the middle of the canvas.
  await clickNode(page, other);
  await page.waitForFunction(({ sel, a }) => document.querySelector(sel)?.dataset.selected === a, { sel: tid('graph-canvas'), a: other });
  const before = await view(page);
  await page.mouse.wheel(0, 600); // zoom out first so the change is visible
  await page.waitForFunction(
    ({ sel, scale }) => Number(document.querySelector(sel).dataset.view.split(' ')[2]) < scale,
    { sel: tid('graph-canvas'), scale: before.scale },
  );
  await page.locator(tid('zoom-selection')).click();
  // One node: the camera centres it at 1:1 (never closer).
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.view.split(' ')[2]) === 1, tid('graph-canvas'));
  const box = await page.locator(tid('graph-canvas')).boundingBox();
  const centred = await nodeOnScreen(page, other);
  assert.ok(Math.abs(centred.x - (box.x + box.width / 2)) < 2 && Math.abs(centred.y - (box.y + box.height / 2)) < 2, 'the selected node is centred');

  s.assertSameOrigin();
  s.assertNoPageErrors();
});

test('drag a node to move and pin it; hover shows its card', async (t) => {
  const { data } = loadCase(TUTORIAL_ID);
  const start = data.start.addresses[0];
  const s = await openTutorial(t);
  const { page } = s;
  const row = page.locator(tid(`node-row-${start}`));
  const before = { x: Number(await row.getAttribute('data-x')), y: Number(await row.getAttribute('data-y')) };

  // Hover: the card names the address.
  const p = await nodeOnScreen(page, start);
  await page.mouse.move(p.x - 60, p.y - 60);
  await page.mouse.move(p.x, p.y, { steps: 4 });
  const card = page.locator(tid('graph-tooltip'));
  await card.waitFor();
  assert.ok((await card.textContent()).includes(start), 'the hover card shows the full address');
  assert.match(await card.textContent(), /payment\(s\) in/);

  // Drag it 120 px down and 50 px right: its world position follows.
  const { scale } = await view(page);
  await page.mouse.down();
  await page.mouse.move(p.x + 25, p.y + 60, { steps: 4 });
  await page.mouse.move(p.x + 50, p.y + 120, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(
    ({ sel, y }) => Math.abs(Number(document.querySelector(sel).dataset.y) - y) < 1,
    { sel: tid(`node-row-${start}`), y: before.y + 120 / scale },
  );
  const moved = Number(await row.getAttribute('data-x'));
  assert.ok(Math.abs(moved - (before.x + 50 / scale)) < 1, 'x follows the drag');
  // A drag is not a click: nothing else got selected, the view did not pan.
  await waitSelected(page, start);

  // Switching layouts keeps the pinned node where it was dropped.
  await page.locator(tid('layout-force')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', tid('layout-force'));
  await page.locator(tid('layout-flow')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', tid('layout-flow'));
  const pinnedY = before.y + 120 / scale;
  assert.ok(Math.abs(Number(await row.getAttribute('data-y')) - pinnedY) < 1, 'the pinned node stayed');
  assert.equal(await row.getAttribute('data-pinned'), 'true');

  // The drag and the two layout switches are three undo steps; the drag's undo
  // takes the pin with it, and redo brings everything back.
  const undo = page.locator(tid('undo'));
  await undo.click(); // flow
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', tid('layout-force'));
  await undo.click(); // force
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', tid('layout-flow'));
  await undo.click(); // drag
  await page.waitForFunction(
    ({ sel, y }) => Math.abs(Number(document.querySelector(sel).dataset.y) - y) < 1,
    { sel: tid(`node-row-${start}`), y: before.y },
  );
  assert.equal(await row.getAttribute('data-pinned'), 'false');
  const redo = page.locator(tid('redo'));
  for (let i = 0; i < 3; i += 1) await redo.click();
  await page.waitForFunction(
    ({ sel, y }) => Math.abs(Number(document.querySelector(sel).dataset.y) - y) < 1 && document.querySelector(sel).dataset.pinned === 'true',
    { sel: tid(`node-row-${start}`), y: pinnedY },
  );
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', tid('layout-flow'));

  // A reload replays the autosaved log: same position, still pinned.
  await page.reload();
  await page.locator(`${tid('graph-canvas')}[data-view]`).waitFor();
  const again = page.locator(tid(`node-row-${start}`));
  assert.ok(Math.abs(Number(await again.getAttribute('data-y')) - pinnedY) < 1, 'the position survives a reload');
  assert.equal(await again.getAttribute('data-pinned'), 'true');
  assert.equal(await undo.isEnabled(), true);

  s.assertSameOrigin();
  s.assertNoPageErrors();
});

test('trace the trail from the victim to the exchange with the mouse on the canvas', async (t) => {
  const { data } = loadCase(TUTORIAL_ID);
  const trail = data.solution.key_addresses;
  const s = await openTutorial(t);
  const { page } = s;
  // Each hop: click the node on the canvas, expand out in the inspector; the next
  // hop appears on the graph and gets clicked in turn.
  for (const [i, address] of trail.entries()) {
    await page.locator(tid(`node-row-${address}`)).waitFor();
    await clickNode(page, address);
    await waitSelected(page, address);
    if (i === trail.length - 1) break;
    const out = page.locator(tid('expand-out'));
    if (await out.isEnabled()) await out.click();
  }
  // The last hop is the exchange's deposit address: the inspector shows its label.
  const inspector = await page.locator(tid('inspector')).textContent();
  assert.match(inspector, /exchange|Exchange/);
  s.assertSameOrigin();
  s.assertNoPageErrors();
});

test('the canvas follows the colour scheme (light and dark screenshots)', async (t) => {
  const s = await openTutorial(t);
  const { page } = s;
  const { artifactsDir } = await import('./harness.mjs');
  const corner = () =>
    page.evaluate((sel) => {
      const c = document.querySelector(sel);
      return Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3));
    }, tid('graph-canvas'));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(
    (sel) => document.querySelector(sel).getContext('2d').getImageData(2, 2, 1, 1).data[0] > 200,
    tid('graph-canvas'),
  );
  await page.screenshot({ path: `${artifactsDir}/workspace-light.png` });
  // Dark: the cached palette is dropped and the canvas redrawn in the dark colours.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(
    (sel) => document.querySelector(sel).getContext('2d').getImageData(2, 2, 1, 1).data[0] < 60,
    tid('graph-canvas'),
  );
  assert.deepEqual(await corner(), [0x16, 0x19, 0x1d]);
  await page.screenshot({ path: `${artifactsDir}/workspace-dark.png` });
  s.assertNoPageErrors();
});
