// "New case from generator" in the app, as an instructor uses it: the form offers
// every typology the command line knows; a participant's variant generated in the
// browser opens in the workspace, downloads byte-identical to `tracelab generate`,
// and comes back with the work on it after a reload (its address regenerates it);
// bad input gets a message; a big case can be cancelled; and the whole journey
// works with the keyboard alone.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { tracelab } from './cli.mjs';
import { tid, useTraceLab } from './harness.mjs';

const app = useTraceLab();

const rows = `${tid('node-list')} [role=option]`;

function nativeCase(args) {
  return tracelab(['generate', ...args]);
}

async function openForm(page) {
  await page.locator(tid('generate-open')).click();
  await page.locator(tid('generate-form')).waitFor();
}

test('the form lists every typology the command line generates, with its description', async (t) => {
  const { page } = await app.open(t);
  await openForm(page);
  const listed = JSON.parse(tracelab(['generate', '--list', '--json']).toString('utf8')).typologies;
  const offered = await page.locator(`${tid('gen-typology')} option`).evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, listed.map((t) => t.typology));
  await page.locator(tid('gen-typology')).selectOption('chain-hop');
  const chainHop = listed.find((t) => t.typology === 'chain-hop');
  assert.equal(await page.locator(tid('gen-description')).innerText(), chainHop.description);
});

test("a participant's variant opens, downloads as the command line writes it, and survives a reload", async (t) => {
  const s = await app.open(t);
  const { page } = s;
  await openForm(page);
  await page.locator(tid('gen-typology')).selectOption('pig-butchering');
  await page.locator(tid('gen-difficulty')).selectOption('intermediate');
  await page.locator(tid('gen-seed')).fill('4242');
  await page.locator(tid('gen-participant')).fill('Anna Berg');
  await page.locator(tid('gen-submit')).click();
  await page.locator(tid('case-title')).waitFor();

  const args = ['--typology', 'pig-butchering', '--seed', '4242', '--difficulty', 'intermediate', '--participant', 'Anna Berg'];
  const native = nativeCase(args);
  const nativeCaseJson = JSON.parse(native.toString('utf8'));
  assert.equal(await page.locator(tid('case-title')).innerText(), nativeCaseJson.title);
  assert.equal(new URL(page.url()).hash, '#/g/pig-butchering/intermediate/4242?participant=Anna%20Berg');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('download-generated')).click()]);
  assert.equal(download.suggestedFilename(), `${nativeCaseJson.id}.json`);
  assert.ok(fs.readFileSync(await download.path()).equals(native), 'the download differs from `tracelab generate`');

  // Work on it, then reload: the address regenerates the case and the work resumes.
  const start = nativeCaseJson.start.addresses[0];
  const before = await page.locator(rows).count();
  await page.locator(tid(`node-row-${start}`)).click();
  await page.locator(tid('expand-in')).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [rows, before]);
  const expanded = await page.locator(rows).count();
  await page.reload();
  await page.locator(tid('case-title')).waitFor();
  assert.equal(await page.locator(rows).count(), expanded);
  assert.equal(await page.locator(tid('undo')).isEnabled(), true);
  s.assertNoPageErrors();
  s.assertSameOrigin();
});

test('a typing mistake gets a message and nothing is generated', async (t) => {
  const s = await app.open(t);
  const { page } = s;
  await openForm(page);
  await page.locator(tid('gen-seed')).fill('forty-two');
  await page.locator(tid('gen-submit')).click();
  assert.match(await page.locator(tid('gen-error')).innerText(), /the seed must be a whole number .* not "forty-two"/);
  await page.locator(tid('gen-seed')).fill('42');
  await page.locator(tid('gen-scale')).fill('5000000');
  await page.locator(tid('gen-submit')).click();
  assert.match(await page.locator(tid('gen-error')).innerText(), /more than the app generates .*tracelab generate --scale/);
  assert.equal(new URL(page.url()).hash, '');
  // An address nobody could have made is refused in the banner.
  await s.goto('/#/g/ransomware/hard/1');
  assert.match(await page.locator(tid('error-banner')).innerText(), /unknown difficulty "hard"/);
  s.assertNoPageErrors();
});

test('a big case can be cancelled while it is being generated', async (t) => {
  const s = await app.open(t);
  const { page } = s;
  await openForm(page);
  await page.locator(tid('gen-scale')).fill('200000');
  await page.locator(tid('gen-submit')).click();
  await page.locator(tid('load-cancel')).click();
  await page.waitForFunction(() => location.hash === '#/');
  await page.locator(tid('load-progress')).waitFor({ state: 'detached' });
  assert.equal(await page.locator(tid('case-title')).count(), 0);
  // Cancelling again and again, each time at a slightly different moment (the
  // worker loading, saying it is ready, generating): a message already on its
  // way when the worker stops must be dropped quietly (assertNoPageErrors below).
  for (let i = 0; i < 5; i++) {
    await page.locator(tid('gen-submit')).click();
    await page.locator(tid('load-cancel')).click();
    await page.locator(tid('load-progress')).waitFor({ state: 'detached' });
  }
  assert.equal(await page.locator(tid('case-title')).count(), 0);
  // The generator starts afresh for the next case.
  await page.locator(tid('gen-scale')).fill('');
  await page.locator(tid('gen-seed')).fill('7');
  await page.locator(tid('gen-submit')).click();
  await page.locator(tid('case-title')).waitFor();
  const native = JSON.parse(nativeCase(['--typology', 'ransomware', '--seed', '7', '--difficulty', 'beginner']).toString('utf8'));
  assert.equal(await page.locator(tid('case-title')).innerText(), native.title);
  s.assertNoPageErrors();
});

test('generating a case with the keyboard alone', async (t) => {
  const s = await app.open(t);
  const { page } = s;
  await page.locator(tid('generate-open')).focus();
  await page.keyboard.press('Enter');
  await page.locator(tid('gen-typology')).focus();
  await page.keyboard.press('End'); // the last typology: sextortion
  await page.keyboard.press('Tab'); // difficulty
  await page.keyboard.press('ArrowDown'); // intermediate
  await page.keyboard.press('Tab'); // seed
  await page.keyboard.press('Control+a');
  await page.keyboard.type('99');
  await page.keyboard.press('Enter'); // submits the form
  await page.locator(tid('case-title')).waitFor();
  assert.equal(new URL(page.url()).hash, '#/g/sextortion/intermediate/99');
  const native = JSON.parse(nativeCase(['--typology', 'sextortion', '--seed', '99', '--difficulty', 'intermediate']).toString('utf8'));
  assert.equal(await page.locator(tid('case-title')).innerText(), native.title);
  s.assertNoPageErrors();
});
