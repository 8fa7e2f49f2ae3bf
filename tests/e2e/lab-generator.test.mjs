// Determinism across platforms: the generator as the app ships it (the lab worker's
// wasm module in dist/) run in Chromium gives byte-identical JSON to the native `tracelab generate` for every typology at
// every difficulty (each with its own seed), and on larger cases: 2,000
// transactions for every typology, and 10,000 for ransomware (the case the browser
// benchmark times). Compared by SHA-256 and length; on a mismatch the first
// differing line is shown.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';

import { tracelab } from './cli.mjs';
import { DIFFICULTIES, generateMessage, labDigest, labText, openLab } from './lab.mjs';
import { launchBrowser } from './harness.mjs';

let browser;
let gen;

before(async () => {
  browser = await launchBrowser();
  gen = await openLab(browser);
});

after(async () => {
  await gen?.close();
  await browser?.close();
});

function nativeArgs(typology, seed, difficulty, scale) {
  const args = ['generate', '--typology', typology, '--seed', String(seed), '--difficulty', difficulty];
  return scale === undefined ? args : [...args, '--scale', String(scale)];
}

/** Where two texts first differ: line number and both lines. */
function firstDifference(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  const i = la.findIndex((line, n) => line !== lb[n]);
  const at = i < 0 ? la.length : i;
  return `line ${at + 1}: native ${JSON.stringify(la[at])} vs wasm ${JSON.stringify(lb[at])}`;
}

async function assertSame(typology, seed, difficulty, scale) {
  const native = tracelab(nativeArgs(typology, seed, difficulty, scale));
  const sha256 = crypto.createHash('sha256').update(native).digest('hex');
  const message = generateMessage(typology, seed, difficulty, scale);
  const wasm = await labDigest(gen.page, message);
  if (wasm.sha256 !== sha256 || wasm.bytes !== native.length) {
    const text = await labText(gen.page, message);
    assert.fail(
      `${typology} ${difficulty} seed ${seed} scale ${scale ?? 'default'}: wasm ${wasm.bytes} B ${wasm.sha256}, ` +
        `native ${native.length} B ${sha256}; ${firstDifference(native.toString('utf8'), text)}`,
    );
  }
}

/** The typologies the native command line lists. */
function typologies() {
  const listed = JSON.parse(tracelab(['generate', '--list', '--json']).toString('utf8')).typologies.map((t) => t.typology);
  assert.ok(listed.length >= 12, `${listed.length} typologies`);
  return listed;
}

test('the worker refuses a malformed request with a reason', async () => {
  await assert.rejects(
    labText(gen.page, ['generate', 'ponzi', 'beginner', '1', '', '']),
    /unknown typology "ponzi"/,
  );
});

test('wasm and native generate byte-identical JSON for every typology and difficulty', async () => {
  const list = typologies();
  let seed = 20_261_121;
  for (const typology of list) {
    for (const difficulty of DIFFICULTIES) await assertSame(typology, seed++, difficulty, undefined);
  }
});

test('wasm and native agree on larger cases: 2,000 transactions for every typology, 10,000 for ransomware', async () => {
  for (const typology of typologies()) await assertSame(typology, 7, 'advanced', 2_000);
  await assertSame('ransomware', 7, 'expert', 10_000);
});
