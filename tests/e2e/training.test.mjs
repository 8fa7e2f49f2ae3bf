// The training loop on the tutorial: answering, grading with partial credit,
// hints that cost points, law-enforcement requests, and the results file that
// re-opens to the same debrief.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';
import { answer, followPath, selectRow, showTab, submit } from './training.mjs';

const app = useTraceLab();
const tutorial = loadCase(TUTORIAL_ID).data;
const obj = (kind) => tutorial.objectives.find((o) => o.kind === kind);
const total = tutorial.objectives.filter((o) => o.kind !== 'text').reduce((s, o) => s + o.points, 0);
const trailPath = obj('path').answer.addresses;

async function openAndTrace(t) {
  const s = await app.open(t, `/#/s/${TUTORIAL_ID}`);
  await s.page.locator(tid('case-title')).waitFor();
  await followPath(s.page, trailPath);
  return s;
}

async function answerAll(page, except = []) {
  for (const o of tutorial.objectives) {
    if (!except.includes(o.id)) await answer(page, tutorial, o, o.answer);
  }
}

test('solving the tutorial correctly scores 100%, with a debrief overlay', async (t) => {
  const s = await openAndTrace(t);
  const { page } = s;
  await answerAll(page);
  const score = await submit(page);
  assert.match(score, new RegExp(`${total} / ${total} points \\(100\\.0%\\)`));
  for (const o of tutorial.objectives) {
    const fb = await page.locator(tid(`feedback-${o.id}`)).innerText();
    assert.match(fb, new RegExp(`${o.points} / ${o.points} points`), `${o.id}: ${fb}`);
  }
  await page.locator(tid('overlay-legend')).waitFor();
  // Answers are frozen after submission.
  assert.equal(await page.locator(tid(`answer-${obj('entity').id}`)).isDisabled(), true);
  s.assertSameOrigin();
  s.assertNoPageErrors();
});

test('a wrong run scores partially, with feedback saying what was wrong', async (t) => {
  const s = await openAndTrace(t);
  const { page } = s;
  const entity = obj('entity');
  const wrongEntity = tutorial.entities.find((e) => e.id !== entity.answer.entity && e.category === 'exchange')
    ?? tutorial.entities.find((e) => e.id !== entity.answer.entity);
  await answer(page, tutorial, entity, { entity: wrongEntity.id });
  const path = obj('path');
  await answer(page, tutorial, path, { addresses: path.answer.addresses.slice(0, 2) });
  const choice = obj('choice');
  const wrongOption = choice.answer.options.findIndex((_, i) => !choice.answer.correct.includes(i));
  await answer(page, tutorial, choice, { correct: [wrongOption] });
  await answer(page, tutorial, obj('address'), obj('address').answer);
  const score = await submit(page);
  const expected = obj('address').points + (path.points * 2) / path.answer.addresses.length;
  const pct = ((expected / total) * 100).toFixed(1);
  assert.ok(score.includes(`(${pct}%)`), `${score} should be ${pct}%`);
  assert.match(await page.locator(tid(`feedback-${entity.id}`)).innerText(), new RegExp(`Not ${wrongEntity.name}`));
  assert.match(await page.locator(tid(`feedback-${path.id}`)).innerText(), /2 of the 4 addresses of the path in the right order/);
  assert.match(await page.locator(tid(`feedback-${obj('amount').id}`)).innerText(), /No answer given/);
  assert.match(await page.locator(tid(`feedback-${choice.id}`)).innerText(), /Not quite/);
  s.assertNoPageErrors();
});

test('taking hints lowers the score by their cost', async (t) => {
  const s = await openAndTrace(t);
  const { page } = s;
  const o = obj('entity');
  await showTab(page, 'answers');
  await page.locator(tid(`hint-${o.id}`)).click();
  await page.locator(`${tid(`objective-${o.id}`)} .hint`).first().waitFor();
  await page.locator(tid(`hint-${o.id}`)).click();
  assert.equal(await page.locator(`${tid(`objective-${o.id}`)} .hint`).count(), 2);
  assert.equal(await page.locator(tid(`hint-${o.id}`)).count(), 0, 'no third tier');
  await answerAll(page);
  const cost = o.hints[0].cost + o.hints[1].cost;
  const score = await submit(page);
  assert.ok(score.startsWith(`Score: ${total - cost} / ${total} points`), score);
  assert.match(await page.locator(tid(`feedback-${o.id}`)).innerText(), new RegExp(`hints −${cost}`));
});

test('requests: the right exchange returns the KYC record, a wrong one is unfounded', async (t) => {
  const s = await openAndTrace(t);
  const { page } = s;
  const records = tutorial.requests.find((r) => r.entity === obj('entity').answer.entity);
  const deposit = obj('address').answer.address;
  const account = records.accounts.find((a) => a.addresses.includes(deposit));
  // Founded: Kestrel about its own deposit address.
  await selectRow(page, deposit);
  await page.locator(tid('request-service')).selectOption(records.entity);
  await page.locator(tid('request-records')).click();
  await page.locator(tid('request-0-status')).waitFor();
  assert.match(await page.locator(tid('request-0-status')).innerText(), /Waiting/);
  // Unfounded: the same exchange about the fraudster's first address.
  await selectRow(page, trailPath[0]);
  await page.locator(tid('request-service')).selectOption(records.entity);
  await page.locator(tid('request-records')).click();
  await showTab(page, 'requests');
  while (await page.locator(tid('skip-clock')).count()) await page.locator(tid('skip-clock')).click();
  assert.match(await page.locator(tid('request-0-status')).innerText(), /Answered: .*sent the records of 1 account/);
  assert.match(await page.locator(tid('request-1-status')).innerText(), /Unfounded: .*no records/);
  assert.match(await page.locator(tid('case-clock')).innerText(), new RegExp(`${Math.floor(records.delay_minutes / 60)} h`));
  // The record shows in the inspector of the address it covers.
  await selectRow(page, deposit);
  const shown = page.locator(`${tid('inspector')} ${tid(`records-${account.account_id}`)}`);
  await shown.waitFor();
  assert.match(await shown.innerText(), new RegExp(account.holder.name));
  s.assertSameOrigin();
});

test('the results file downloads and re-opens to the same debrief', async (t) => {
  const s = await openAndTrace(t);
  const { page } = s;
  await answerAll(page, [obj('amount').id]);
  const score = await submit(page, 'Ana Lima');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('download-results')).click()]);
  assert.equal(download.suggestedFilename(), `results-${TUTORIAL_ID}-analima.json`);
  const file = await download.path();
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(results.results_version, 1);
  assert.equal(results.case_id, TUTORIAL_ID);
  assert.equal(results.trainee, 'Ana Lima');
  assert.deepEqual(results.answers[obj('entity').id], { entity: obj('entity').answer.entity });
  assert.deepEqual(results.answers[obj('path').id], { addresses: obj('path').answer.addresses });
  assert.deepEqual(results.answers[obj('choice').id], { correct: obj('choice').answer.correct });
  assert.equal(results.answers[obj('amount').id], undefined);
  assert.ok(results.graph.addresses.includes(obj('address').answer.address));

  // An instructor opens it in a fresh browser: the same score and feedback.
  const r = await app.open(t, '/');
  await r.page.locator(tid('open-file')).setInputFiles({ name: 'results.json', mimeType: 'application/json', buffer: fs.readFileSync(file) });
  await r.page.locator(tid('score')).waitFor();
  assert.equal((await r.page.locator(tid('score')).innerText()).trim(), score);
  for (const o of tutorial.objectives) {
    assert.equal(
      await r.page.locator(tid(`feedback-${o.id}`)).innerText(),
      await page.locator(tid(`feedback-${o.id}`)).innerText(),
      o.id,
    );
  }
  r.assertSameOrigin();
  r.assertNoPageErrors();
});
