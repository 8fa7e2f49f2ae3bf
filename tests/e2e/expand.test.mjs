// The workspace of a deep-linked case: the start address is selected, the inspector
// lists its transactions, expanding adds its counterparties, and the node list works
// from the keyboard.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase, paidBy, payersOf, transactionsTouching } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';

const app = useTraceLab();

/** The tx ids listed in the inspector, from their data-testid. */
async function listedTransactions(page) {
  return page
    .locator(`${tid('inspector-tx-list')} [data-testid^="tx-row-"]`)
    .evaluateAll((rows) => rows.map((r) => r.dataset.testid.slice('tx-row-'.length)));
}

async function assertInspectorShows(page, address) {
  await page.waitForFunction(
    ({ sel, address }) => document.querySelector(sel)?.textContent.includes(address),
    { sel: tid('inspector'), address },
  );
}

test('deep link, inspector, expand out and in, transaction detail, keyboard', async (t) => {
  const { data } = loadCase(TUTORIAL_ID);
  const start = data.start.addresses[0];
  const touching = transactionsTouching(data, start);
  const outgoing = paidBy(data, start);
  const incoming = payersOf(data, start);
  assert.ok(touching.length > 0, 'the tutorial has transactions touching the start address');
  assert.ok(outgoing.length > 0, 'the start address pays someone in the tutorial');

  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  const { page } = s;

  // The start address is in the node list, selected, and shown in the inspector.
  const startRow = page.locator(tid(`node-row-${start}`));
  await startRow.waitFor();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true',
    tid(`node-row-${start}`),
  );
  await assertInspectorShows(page, start);

  // The inspector lists exactly the transactions touching it.
  await page.locator(`${tid('inspector-tx-list')} ${tid(`tx-row-${touching[0]}`)}`).waitFor();
  assert.deepEqual((await listedTransactions(page)).sort(), [...touching].sort());

  // Expand out: the addresses its outgoing transactions pay appear.
  const rowsBefore = await page.locator(`${tid('node-list')} [data-testid^="node-row-"]`).count();
  await page.locator(tid('expand-out')).click();
  for (const a of outgoing) await page.locator(tid(`node-row-${a}`)).waitFor();
  const rowsAfter = await page.locator(`${tid('node-list')} [data-testid^="node-row-"]`).count();
  assert.ok(rowsAfter > rowsBefore, `expand-out added rows (${rowsBefore} -> ${rowsAfter})`);

  // Expand in: the addresses that paid it appear. The button is disabled when every
  // paying transaction is already on the graph (the tutorial starts with the
  // victim's payment), and then its payers must already be listed.
  const expandIn = page.locator(tid('expand-in'));
  if (await expandIn.isEnabled()) await expandIn.click();
  for (const a of incoming) await page.locator(tid(`node-row-${a}`)).waitFor();

  // A transaction row opens its detail, which names the full id.
  const txid = touching[0];
  await page.locator(tid(`tx-row-${txid}`)).click();
  await page.locator(tid('tx-detail')).waitFor({ state: 'visible' });
  await page.waitForFunction(
    ({ sel, txid }) => document.querySelector(sel)?.textContent.includes(txid),
    { sel: tid('tx-detail'), txid },
  );

  // Select a payer by clicking its row: expanding in from there adds the addresses
  // that paid it (the next hop back), which are not on the graph yet.
  const payer = incoming.find((a) => payersOf(data, a).some((b) => b !== start));
  assert.ok(payer, 'the start address was paid by an address that was itself paid in the case');
  await page.locator(tid(`node-row-${payer}`)).click();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true',
    tid(`node-row-${payer}`),
  );
  await assertInspectorShows(page, payer);
  await page.locator(tid('expand-in')).click();
  for (const a of payersOf(data, payer)) await page.locator(tid(`node-row-${a}`)).waitFor();

  // Keyboard: focus another address's row, press Enter: it becomes selected and the
  // inspector follows.
  const other = outgoing[0];
  const otherRow = page.locator(tid(`node-row-${other}`));
  await otherRow.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true',
    tid(`node-row-${other}`),
  );
  await assertInspectorShows(page, other);
  assert.notEqual(await startRow.getAttribute('aria-selected'), 'true', 'the start row is no longer selected');

  s.assertSameOrigin();
  s.assertNoPageErrors();
});
