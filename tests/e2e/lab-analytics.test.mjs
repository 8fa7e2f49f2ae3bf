// The analytics tools as the app ships them (the lab worker's wasm module in dist/)
// give the same documents as the native command line: the tutorial case is opened
// in the worker, then taint (FIFO from the victim's payment), path and trace
// replies are compared with `tracelab taint|path|trace --json`. The ids come from
// the case's own solution: its trail starts with the victim's payment, and its key
// addresses run from the address the victim paid to where the peel chain ends.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { tracelab } from './cli.mjs';
import { launchBrowser } from './harness.mjs';
import { labJson, labText, openLab } from './lab.mjs';

let browser;
let lab;
const tutorial = loadCase(TUTORIAL_ID);
const { trail, key_addresses: keys } = tutorial.data.solution;
const victimPayment = trail[0];
const victimPaid = keys[0];
const chainEnd = keys[keys.length - 1];

before(async () => {
  browser = await launchBrowser();
  lab = await openLab(browser);
});

after(async () => {
  await lab?.close();
  await browser?.close();
});

/** `tracelab ...args --json` on the tutorial's file, parsed. */
function native(command, args) {
  return JSON.parse(tracelab([command, tutorial.entry.file, ...args, '--json']).toString('utf8'));
}

test('a tool asked before any case is open is refused with a reason', async () => {
  await assert.rejects(labText(lab.page, ['cluster']), /no case is open in the lab; open one first/);
});

test('the worker opens the tutorial case', async () => {
  assert.deepEqual(await labJson(lab.page, ['open', tutorial.text]), {
    case: tutorial.data.id,
    version: tutorial.data.version,
    transactions: tutorial.data.transactions.length,
  });
});

test('taint by FIFO from the victim\'s payment: the same document as tracelab taint --json', async () => {
  const wasm = await labJson(lab.page, ['taint', 'fifo', victimPayment, '']);
  assert.deepEqual(wasm, native('taint', ['--method', 'fifo', '--from', victimPayment]));
  assert.equal(wasm.source.kind, 'transaction');
  assert.ok(wasm.per_address[chainEnd], `${chainEnd} received no taint`);
});

test('path from the address the victim paid to the end of the peel chain: as tracelab path --json', async () => {
  const wasm = await labJson(lab.page, ['path', victimPaid, chainEnd, '', '']);
  assert.deepEqual(wasm, native('path', ['--from', victimPaid, '--to', chainEnd]));
  assert.equal(wasm.found, true);
  const limited = await labJson(lab.page, ['path', victimPaid, chainEnd, '2', 'true']);
  assert.deepEqual(limited, native('path', ['--from', victimPaid, '--to', chainEnd, '--max-hops', '2', '--through-services']));
});

test('auto-trace from the address the victim paid, largest and most tainted outflow: as tracelab trace --json', async () => {
  const largest = await labJson(lab.page, ['trace', victimPaid, '', '']);
  assert.deepEqual(largest, native('trace', ['--from', victimPaid]));
  assert.equal(largest.steps.at(-1).to, chainEnd);
  const tainted = await labJson(lab.page, ['trace', victimPaid, '3', 'fifo']);
  assert.deepEqual(tainted, native('trace', ['--from', victimPaid, '--hops', '3', '--method', 'fifo']));
});

test('a bad id is refused with the command line\'s message', async () => {
  await assert.rejects(
    labText(lab.page, ['path', 'nowhere', chainEnd]),
    /no address "nowhere" in this case/,
  );
});
