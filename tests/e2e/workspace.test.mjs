// The investigation workspace: tracing and answering by keyboard alone, undo and
// redo, autosave across a reload, exports (and the saved case file re-opening to
// the same state), and the filters / time window narrowing the graph.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';
import { followPath, formatUnits } from './training.mjs';

const app = useTraceLab();
const tutorial = loadCase(TUTORIAL_ID).data;
const obj = (kind) => tutorial.objectives.find((o) => o.kind === kind);
const trail = obj('path').answer.addresses;
const total = tutorial.objectives.filter((o) => o.kind !== 'text').reduce((s, o) => s + o.points, 0);

/** Presses Tab until the element matching `selector` has the focus. */
async function tabTo(page, selector, max = 400) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function press(page, selector, key = 'Enter') {
  await tabTo(page, selector);
  await page.keyboard.press(key);
}

const isSelected = (page, address) => page.waitForFunction(
  (sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true', tid(`node-row-${address}`));

async function keyboardSelect(page, address) {
  await press(page, tid(`node-row-${address}`));
  await isSelected(page, address);
}

async function openTutorial(t) {
  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  await s.page.locator(tid('case-title')).waitFor();
  return s;
}

test('the tutorial traced, tagged and answered with the keyboard alone', async (t) => {
  const s = await openTutorial(t);
  const { page } = s;
  for (const address of trail.slice(0, -1)) {
    await keyboardSelect(page, address);
    if (await page.locator(tid('expand-out')).isEnabled()) {
      await press(page, tid('expand-out'));
    }
  }
  for (const address of trail) await page.locator(tid(`node-row-${address}`)).waitFor();
  // Tag the deposit address and note it, by keyboard.
  const deposit = obj('address').answer.address;
  await keyboardSelect(page, deposit);
  await tabTo(page, tid('tag-select'));
  await page.keyboard.type('Exchange deposit');
  await page.locator(tid(`tag-chip-${deposit}`)).waitFor();
  await tabTo(page, tid('note-input'));
  await page.keyboard.type('Deposit address: production order');
  await page.keyboard.press('Tab');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('production order'), tid(`node-row-${deposit}`));
  // A note on the flow into the deposit, reached from the address's list of flows.
  const payer = trail[trail.indexOf(deposit) - 1];
  const flow = tid(`flow-${payer}-${deposit}`);
  await press(page, flow);
  await page.locator(tid('edge-detail')).waitFor();
  await tabTo(page, `${tid('edge-detail')} ${tid('note-input')}`);
  await page.keyboard.type('Last hop before the exchange');
  await page.keyboard.press('Tab');
  await keyboardSelect(page, deposit);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('✎'), flow);

  // Answers, by keyboard: tabs, checkboxes, the select, text fields, "Use selected".
  await press(page, tid('tab-answers'));
  for (const o of tutorial.objectives) {
    const id = o.id;
    switch (o.kind) {
      case 'choice': {
        const radio = (await page.locator(tid(`answer-${id}-0`)).getAttribute('type')) === 'radio';
        if (radio) {
          // A radio group is one Tab stop; arrow keys move the choice.
          const [i] = o.answer.correct;
          await tabTo(page, tid(`answer-${id}-0`));
          if (i === 0) await page.keyboard.press('Space');
          for (let k = 0; k < i; k += 1) await page.keyboard.press('ArrowDown');
        } else {
          for (const i of o.answer.correct) await press(page, tid(`answer-${id}-${i}`), 'Space');
        }
        break;
      }
      case 'entity': {
        const label = await page.locator(`${tid(`answer-${id}`)} option[value="${o.answer.entity}"]`).innerText();
        await tabTo(page, tid(`answer-${id}`));
        await page.keyboard.type(label.trim());
        await page.keyboard.press('Tab');
        break;
      }
      case 'amount': {
        const asset = tutorial.assets.find((a) => a.id === o.answer.asset);
        await tabTo(page, tid(`answer-${id}`));
        await page.keyboard.type(formatUnits(o.answer.value, asset.decimals));
        await page.keyboard.press('Tab');
        break;
      }
      default: {
        const addresses = o.answer.addresses ?? [o.answer.address];
        for (const a of addresses) {
          await keyboardSelect(page, a);
          await press(page, tid(`use-selected-${id}`));
        }
      }
    }
  }
  await tabTo(page, tid('trainee-name'));
  await page.keyboard.type('Keyboard Officer');
  await press(page, tid('submit-answers'));
  await press(page, tid('confirm-submit'));
  const score = await page.locator(tid('score')).innerText();
  assert.match(score, new RegExp(`${total} / ${total} points`));
  s.assertNoPageErrors();
  s.assertSameOrigin();
});

test('undo and redo, by toolbar and by Ctrl+Z / Ctrl+Shift+Z', async (t) => {
  const s = await openTutorial(t);
  const { page } = s;
  const rows = () => page.locator(`${tid('node-list')} [role=option]`).count();
  const start = tutorial.start.addresses[0];
  const before = await rows();
  await keyboardSelect(page, start);
  await page.locator(tid('expand-out')).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`${tid('node-list')} [role=option]`, before]);
  const after = await rows();
  await page.locator(tid('hide-node')).click();
  await page.locator(tid(`node-row-${start}`)).waitFor({ state: 'detached' });
  await page.locator(tid('undo')).click();
  await page.locator(tid(`node-row-${start}`)).waitFor();
  await page.locator(tid('graph-canvas')).focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [`${tid('node-list')} [role=option]`, before]);
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [`${tid('node-list')} [role=option]`, after]);
  await page.locator(tid('redo')).click();
  await page.locator(tid(`node-row-${start}`)).waitFor({ state: 'detached' });
  s.assertNoPageErrors();
});

test('a reload keeps the graph, tags, notes and answers', async (t) => {
  const s = await openTutorial(t);
  const { page } = s;
  await followPath(page, trail);
  const deposit = obj('address').answer.address;
  await page.locator(tid(`node-row-${deposit}`)).click();
  await page.locator(tid('tag-select')).selectOption('exchange_deposit');
  await page.locator(tid('note-input')).fill('send the order');
  await page.locator(tid('note-save')).click();
  await page.locator(tid('tab-answers')).click();
  await page.locator(tid(`use-selected-${obj('address').id}`)).click();
  const count = await page.locator(`${tid('node-list')} [role=option]`).count();
  await page.reload();
  await page.locator(tid('case-title')).waitFor();
  await page.locator(tid(`tag-chip-${deposit}`)).waitFor();
  assert.equal(await page.locator(`${tid('node-list')} [role=option]`).count(), count);
  assert.match(await page.locator(tid(`node-row-${deposit}`)).innerText(), /send the order/);
  await page.locator(tid('tab-answers')).click();
  assert.equal(await page.locator(tid(`answer-${obj('address').id}`)).inputValue(), deposit);
  // Undo still works after the reload: the history was saved too.
  assert.equal(await page.locator(tid('undo')).isEnabled(), true);
  // Reset asks first, then starts afresh.
  page.once('dialog', (d) => d.accept());
  await page.locator(tid('reset-case')).click();
  await page.locator(tid(`node-row-${deposit}`)).waitFor({ state: 'detached' });
  s.assertNoPageErrors();
});

test('every export downloads, and the case file re-opens to the same state', async (t) => {
  const s = await openTutorial(t);
  const { page } = s;
  await followPath(page, trail.slice(0, 3));
  const tagged = trail[1];
  await page.locator(tid(`node-row-${tagged}`)).click();
  await page.locator(tid('tag-select')).selectOption('mule');
  await page.locator(tid(`tag-chip-${tagged}`)).waitFor();
  const files = {};
  for (const kind of ['png', 'svg', 'csv', 'report', 'case']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid(`export-${kind}`)).click()]);
    const file = await download.path();
    files[kind] = { name: download.suggestedFilename(), file, bytes: fs.readFileSync(file) };
  }
  assert.equal(files.png.bytes.subarray(1, 4).toString(), 'PNG');
  assert.match(files.svg.bytes.toString(), /^<svg[^]*<circle[^]*<\/svg>/);
  const csv = files.csv.bytes.toString().trim().split('\r\n');
  assert.match(csv[0], /^time_utc,tx_id,from,to/);
  assert.ok(csv.length > 2);
  assert.ok(csv.some((l) => l.includes(',mule')));
  assert.match(files.report.bytes.toString(), /Money mule/);
  const saved = JSON.parse(files.case.bytes.toString());
  assert.equal(saved.id, TUTORIAL_ID);
  assert.ok(saved.investigation.log.commands.length > 0);
  const count = await page.locator(`${tid('node-list')} [role=option]`).count();

  // A fresh browser opens the saved case file and is where the trainee was.
  const s2 = await app.open(t, '/');
  await s2.page.locator(tid('open-file')).setInputFiles(files.case.file);
  await s2.page.locator(tid(`tag-chip-${tagged}`)).waitFor();
  assert.equal(await s2.page.locator(`${tid('node-list')} [role=option]`).count(), count);
  s.assertNoPageErrors();
  s2.assertNoPageErrors();
});

test('filters and the time window hide and show the right transactions', async (t) => {
  const s = await openTutorial(t);
  const { page } = s;
  await followPath(page, trail);
  await page.locator(tid('toggle-table')).click();
  const rows = () => page.locator(`${tid('tx-table')} tbody tr`).count();
  const all = await rows();
  assert.ok(all >= trail.length - 1);
  // Time window: move the "from" handle to the middle with the keyboard.
  await page.locator(tid('time-from')).focus();
  for (let i = 0; i < 10; i += 1) await page.keyboard.press('PageUp');
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length < n, [`${tid('tx-table')} tbody tr`, all]);
  const times = await page.locator(`${tid('tx-table')} tbody tr td:first-child`).allInnerTexts();
  const label = await page.locator('.brush .mono').innerText();
  const from = label.split(' – ')[0];
  assert.ok(times.every((x) => x >= from), `${times} all after ${from}`);
  // Amount filter on the case's asset: a huge minimum leaves nothing.
  await page.locator(tid('filter-clear')).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [`${tid('tx-table')} tbody tr`, all]);
  await page.locator(tid('filter-asset')).selectOption(tutorial.assets[0].id);
  await page.locator(tid('filter-min')).fill('1000000');
  await page.locator(tid('filter-min')).press('Tab');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 0, `${tid('tx-table')} tbody tr`);
  // Undo brings the transactions back.
  await page.locator(tid('undo')).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [`${tid('tx-table')} tbody tr`, all]);
  s.assertNoPageErrors();
});
