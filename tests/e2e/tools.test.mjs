// The Tools tab (its analyses run in the lab worker): a trainee runs FIFO taint from the victim's payment and the graph's
// colouring (exposed on the accessible node list and the legend, since the canvas
// is pixels) matches `tracelab taint --json` to the base unit; find-path and
// auto-trace reach the exchange; a case that disables taint does not offer it.
// Screenshots of the panel with taint colours in light and dark themes are left in
// tests/e2e/artifacts/ for a person to look at.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { tracelab } from './cli.mjs';
import { artifactsDir, tid, useTraceLab } from './harness.mjs';
import { followPath, formatUnits, selectRow, showTab } from './training.mjs';

const app = useTraceLab();
const tutorial = loadCase(TUTORIAL_ID);
const c = tutorial.data;
const victimTx = c.start.transactions[0];
const victim = c.start.addresses[0];
const trail = c.objectives.find((o) => o.kind === 'path').answer.addresses;
const exchange = trail[trail.length - 1];

/** The native command line's answer, as the instructor would get it. */
function tracelabJson(args) {
  return JSON.parse(tracelab([...args, '--json']).toString('utf8'));
}

/** Opens the tutorial, or a variant of it given as a file (other `tools`). */
async function openCase(t, tools) {
  if (!tools) {
    const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
    await s.page.locator(tid('case-title')).waitFor();
    return s;
  }
  const s = await app.open(t, '/');
  const variant = { ...c, tools: { ...c.tools, ...tools } };
  await s.page.locator(tid('open-file')).setInputFiles({
    name: 'variant.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(variant)),
  });
  await s.page.locator(tid('case-title')).waitFor();
  return s;
}

/** Follows the trail, then selects the victim's payment and runs FIFO taint from it. */
async function fifoFromVictimPayment(page) {
  await followPath(page, trail);
  await selectRow(page, victim);
  await page.locator(tid(`tx-row-${victimTx}`)).click();
  await page.locator(tid('tx-detail')).waitFor();
  await showTab(page, 'tools');
  await page.locator(tid('taint-method')).selectOption('fifo');
  await page.locator(tid('run-taint')).click();
  await page.locator(tid('taint-legend')).waitFor();
}

test('FIFO taint from the victim payment colours the graph with the command line numbers', async (t) => {
  const expected = tracelabJson(['taint', tutorial.entry.file, '--method', 'fifo', '--from', victimTx]);
  assert.equal(expected.method, 'fifo');
  const s = await openCase(t);
  const { page } = s;
  await fifoFromVictimPayment(page);

  // Every node on the graph carries its tainted amount in base units (0 if none).
  const rows = await page.locator(`${tid('node-list')} [data-taint]`).evaluateAll((els) =>
    els.map((e) => [e.dataset.testid.replace('node-row-', ''), e.dataset.taint]));
  const shown = await page.locator(`${tid('node-list')} li`).count();
  assert.equal(rows.length, shown, 'every row carries a taint value');
  let tainted = 0;
  for (const [address, value] of rows) {
    assert.equal(value, expected.per_address[address] ?? '0', `taint of ${address}`);
    if (value !== '0') tainted += 1;
  }
  assert.ok(tainted >= trail.length, 'the whole trail is tainted');

  // The legend gives the same amounts, formatted exactly with the asset's decimals.
  const legend = await page.locator(`${tid('taint-legend')} li[data-taint]`).evaluateAll((els) =>
    els.map((e) => [e.dataset.testid.replace('taint-row-', ''), e.dataset.taint, e.textContent]));
  assert.equal(legend.length, tainted);
  for (const [address, value, text] of legend) {
    assert.equal(value, expected.per_address[address], `legend amount of ${address}`);
    assert.ok(text.includes(`${formatUnits(value, 8)} BTC`), `legend text of ${address}: ${text}`);
  }
  // Largest first.
  const values = legend.map(([, v]) => BigInt(v));
  assert.deepEqual(values, [...values].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0)));

  // Screenshots of the panel with the colours, light then dark, for a person to
  // inspect. The canvas reads its colours when it draws: fitting the view redraws it.
  const fit = page.getByRole('button', { name: 'Fit the graph in view' });
  await fit.click();
  await page.screenshot({ path: path.join(artifactsDir, 'tools-taint-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await fit.click();
  await page.screenshot({ path: path.join(artifactsDir, 'tools-taint-dark.png') });

  // Clearing restores the category colours: no taint data left anywhere.
  await page.locator(tid('clear-taint')).click();
  await page.locator(tid('taint-legend')).waitFor({ state: 'detached' });
  assert.equal(await page.locator(`${tid('node-list')} [data-taint]`).count(), 0);
  s.assertNoPageErrors();
  s.assertSameOrigin();
});

test('find-path and auto-trace reach the exchange', async (t) => {
  const s = await openCase(t, { path_finder: true, auto_trace: true });
  const { page } = s;
  await selectRow(page, victim);
  await showTab(page, 'tools');
  await page.locator(tid('path-target')).fill(exchange);
  await page.locator(tid('path-target')).dispatchEvent('change');
  await page.locator(tid('find-path')).click();
  await page.locator(tid('trail-summary')).waitFor();
  const expected = tracelabJson(['path', tutorial.entry.file, '--from', victim, '--to', exchange]);
  assert.ok(await page.locator(tid('trail-summary')).textContent().then((x) => x.includes(`${formatUnits(expected.bottleneck, 8)} BTC`)));
  for (const address of trail) await page.locator(tid(`node-row-${address}`)).waitFor();

  // Undo takes the whole trail away in one step; auto-trace brings it back.
  await page.locator(tid('undo')).click();
  await page.locator(tid(`node-row-${exchange}`)).waitFor({ state: 'detached' });
  await selectRow(page, victim);
  await page.locator(tid('auto-trace')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('Exchange'), tid('trail-summary'));
  for (const address of trail) await page.locator(tid(`node-row-${address}`)).waitFor();

  // A stop rule: with a minimum of 1 BTC the trace stops where the command line's does.
  const stopped = tracelabJson(['trace', tutorial.entry.file, '--from', victim, '--min', '1']);
  assert.equal(stopped.stop, 'below_minimum');
  await page.locator(tid('trace-min')).fill('1');
  await page.locator(tid('auto-trace')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('below the minimum'), tid('trail-summary'));
  assert.equal(await page.locator(`${tid('trail-result')} ol li`).count(), stopped.steps.length);
  s.assertNoPageErrors();
});

test('a case whose tools section disables taint does not offer it', async (t) => {
  const s = await openCase(t, { taint: false });
  const { page } = s;
  await showTab(page, 'tools');
  await page.locator(tid('tool-off-taint')).waitFor();
  assert.equal(await page.locator(tid('run-taint')).count(), 0);
  // The tutorial trains tracing by hand: path finder and auto-trace are off too.
  await page.locator(tid('tool-off-path')).waitFor();
  await page.locator(tid('tool-off-trace')).waitFor();
  s.assertNoPageErrors();
});

test("the inspector explains a transaction's heuristics and finds the other leg of a swap", async (t) => {
  const hop = loadCase('chain-hop-swap-service');
  const [payer] = hop.data.start.addresses;
  const [payment] = hop.data.start.transactions;
  const heuristics = tracelabJson(['heuristics', hop.entry.file, '--tx', payment]);
  const legs = tracelabJson(['legs', hop.entry.file, '--tx', payment]);
  assert.ok(legs.candidates.length > 0, 'the command line finds candidates');

  const s = await app.open(t, '/#/s/chain-hop-swap-service');
  const { page } = s;
  await page.locator(tid('case-title')).waitFor();
  await selectRow(page, payer);
  await page.locator(tid(`tx-row-${payment}`)).click();
  await page.locator(tid('tx-detail')).waitFor();

  await page.locator(tid('run-heuristics')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.previousElementSibling?.textContent === 'Heuristics', tid('findings'));
  const reasons = await page.locator(`${tid('findings')} details p`).allTextContents();
  const expected = [...heuristics.change.map((v) => v.reason), heuristics.coinjoin.reason, heuristics.peel.reason];
  assert.deepEqual(reasons, expected);

  await page.locator(tid('match-legs')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.previousElementSibling?.textContent.startsWith('Other leg'), tid('findings'));
  assert.equal(await page.locator(`${tid('findings')} > li`).count(), legs.candidates.length);
  const first = legs.candidates[0];
  await page.locator(tid(`reveal-leg-${first.tx}`)).click();
  await page.locator(tid(`node-row-${first.to}`)).waitFor();
  s.assertNoPageErrors();
  s.assertSameOrigin();
});

test("an address's cluster is listed and merged into one node, and undo takes it apart", async (t) => {
  const hop = loadCase('chain-hop-swap-service');
  const clusters = tracelabJson(['cluster', hop.entry.file]).clusters;
  const cluster = [...clusters].sort((a, b) => b.length - a.length)[0];
  const [member, other] = cluster;
  // The case with two of its addresses among the start addresses, so both are on the graph.
  const variant = { ...hop.data, start: { ...hop.data.start, addresses: [...hop.data.start.addresses, member, other] } };
  const s = await app.open(t, '/');
  const { page } = s;
  await page.locator(tid('open-file')).setInputFiles({
    name: 'cluster-variant.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(variant)),
  });
  await page.locator(tid('case-title')).waitFor();
  await selectRow(page, member);
  await showTab(page, 'tools');
  await page.locator(tid('show-cluster')).click();
  assert.equal(await page.locator(tid('cluster-summary')).innerText(), `${cluster.length} address(es) in this cluster.`);

  const rows = `${tid('node-list')} [role=option]`;
  const before = await page.locator(rows).count();
  await page.locator(tid('merge-cluster')).click();
  await page.locator(tid('unmerge-cluster')).waitFor();
  assert.equal(await page.locator(tid('unmerge-cluster')).innerText(), 'Unmerge (1 merged)');
  // The other address has no row of its own any more; undo restores the earlier graph.
  await page.locator(tid(`node-row-${other}`)).waitFor({ state: 'detached' });
  assert.equal(await page.locator(rows).count(), before - 1);
  await page.locator(tid('undo')).click();
  await page.locator(tid('unmerge-cluster')).waitFor({ state: 'detached' });
  assert.equal(await page.locator(rows).count(), before);
  s.assertNoPageErrors();
});
