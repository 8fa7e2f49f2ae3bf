// A busy address (a collection wallet with dozens of transfers): the trainee narrows
// the candidates by direction, asset, amount and day, pages through them and adds
// one page to the graph; the counts follow the case data.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCase } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';

const app = useTraceLab();
const CASE_ID = 'pig-butchering-pool';

/** The address touched by the most transactions, and those transactions in time order. */
function busiest(data) {
  const touching = new Map();
  for (const tx of data.transactions) {
    for (const a of new Set((tx.transfers ?? []).flatMap((x) => [x.from, x.to]))) {
      if (!touching.has(a)) touching.set(a, []);
      touching.get(a).push(tx);
    }
  }
  const [address, txs] = [...touching].sort((a, b) => b[1].length - a[1].length)[0];
  return { address, txs: [...txs].sort((a, b) => a.time.localeCompare(b.time)) };
}

async function range(page) {
  return (await page.locator(tid('pe-range')).innerText()).trim();
}

async function waitRange(page, text) {
  await page.waitForFunction(
    ({ sel, text }) => document.querySelector(sel)?.textContent.trim() === text,
    { sel: tid('pe-range'), text },
  );
}

test('paged expand: direction, asset, amount and day filters, paging, add a page', async (t) => {
  const { data } = loadCase(CASE_ID);
  const { address, txs } = busiest(data);
  assert.ok(txs.length > 20, `the case has a busy address (${txs.length} transactions)`);
  // Start the investigation at the busy address with its first transaction.
  const c = structuredClone(data);
  c.start = { ...c.start, addresses: [address], transactions: [txs[0].id] };
  const candidates = txs.slice(1);

  const s = await app.open(t, '/');
  const { page } = s;
  await page.locator(tid('open-file')).setInputFiles({ name: 'busy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(c)) });
  await page.locator(tid('paged-expand')).waitFor();
  await page.locator(`${tid('paged-expand')} summary`).click();
  await waitRange(page, `Showing 1–10 of ${candidates.length}`);
  assert.equal(await page.locator(`${tid('pe-preview')} tbody tr`).count(), 10);

  // Paging.
  await page.locator(tid('pe-limit')).fill('5');
  await page.locator(tid('pe-limit')).dispatchEvent('change');
  await waitRange(page, `Showing 1–5 of ${candidates.length}`);
  await page.locator(tid('pe-next')).click();
  await waitRange(page, `Showing 6–10 of ${candidates.length}`);
  await page.locator(tid('pe-prev')).click();
  await waitRange(page, `Showing 1–5 of ${candidates.length}`);

  // Incoming only, in the token, at least the median token amount received.
  const token = c.assets.find((a) => a.contract);
  const incoming = candidates.filter((tx) => tx.transfers.some((x) => x.to === address));
  await page.locator(tid('pe-direction')).selectOption('in');
  await waitRange(page, `Showing 1–5 of ${incoming.length}`);
  const values = incoming
    .flatMap((tx) => tx.transfers.filter((x) => x.asset === token.id).map((x) => BigInt(x.value)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = values[Math.floor(values.length / 2)];
  const expected = incoming.filter((tx) =>
    tx.transfers.some((x) => x.asset === token.id && BigInt(x.value) >= median));
  await page.locator(tid('pe-asset')).selectOption(token.id);
  const whole = median / 10n ** BigInt(token.decimals);
  const frac = (median % 10n ** BigInt(token.decimals)).toString().padStart(token.decimals, '0').replace(/0+$/, '');
  await page.locator(tid('pe-min')).fill(frac ? `${whole}.${frac}` : `${whole}`);
  await page.locator(tid('pe-min')).dispatchEvent('change');
  const shown = Math.min(5, expected.length);
  await waitRange(page, `Showing 1–${shown} of ${expected.length}`);

  // A day window after the last transaction leaves nothing.
  const lastDay = new Date(txs.at(-1).time);
  lastDay.setUTCDate(lastDay.getUTCDate() + 1);
  await page.locator(tid('pe-from')).fill(lastDay.toISOString().slice(0, 10));
  await page.locator(tid('pe-from')).dispatchEvent('change');
  await waitRange(page, 'No transaction matches.');
  assert.ok(await page.locator(tid('reveal-page')).isDisabled());
  await page.locator(tid('pe-from')).fill('');
  await page.locator(tid('pe-from')).dispatchEvent('change');
  await waitRange(page, `Showing 1–${shown} of ${expected.length}`);

  // Adding the page takes those transactions out of the candidates.
  const rowsBefore = await page.locator(`${tid('node-list')} [data-testid^="node-row-"]`).count();
  await page.locator(tid('reveal-page')).click();
  const left = expected.length - shown;
  await waitRange(page, left === 0 ? 'No transaction matches.' : `Showing 1–${Math.min(5, left)} of ${left}`);
  const rowsAfter = await page.locator(`${tid('node-list')} [data-testid^="node-row-"]`).count();
  assert.ok(rowsAfter > rowsBefore, `the page added nodes (${rowsBefore} -> ${rowsAfter}); range now ${await range(page)}`);
});
