// Shared steps for the training-loop tests: answering a case's objectives through
// the UI the way a trainee does (select a node on the graph, "Use selected"; pick
// an entity; type an amount; tick an option), driven by the case's answer keys.

import assert from 'node:assert/strict';

import { tid } from './harness.mjs';

/** Base units as a decimal string with the asset's decimals: 85144257, 8 → "0.85144257". */
export function formatUnits(value, decimals) {
  const digits = BigInt(value).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return digits;
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

export async function showTab(page, name) {
  await page.locator(tid(`tab-${name}`)).click();
}

/** Selects a node by clicking its row in the accessible list. */
export async function selectRow(page, address) {
  const row = page.locator(tid(`node-row-${address}`));
  await row.click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true', tid(`node-row-${address}`));
}

/** Follows `path` by expanding each address out in turn, so every hop is on the graph. */
export async function followPath(page, path) {
  for (const address of path.slice(0, -1)) {
    await selectRow(page, address);
    const out = page.locator(tid('expand-out'));
    if (await out.isEnabled()) await out.click();
  }
  for (const address of path) await page.locator(tid(`node-row-${address}`)).waitFor();
}

/** Puts the address on the graph if needed (via the inspector of a neighbour is not
 *  always possible), then selects it and clicks "Use selected" of the objective. */
export async function useSelected(page, objectiveId, address) {
  await selectRow(page, address);
  await showTab(page, 'answers');
  await page.locator(tid(`use-selected-${objectiveId}`)).click();
}

/**
 * Answers one objective with `answer` (in the case format's answer shape).
 * Addresses are taken from the graph with "Use selected" (they must be on it).
 */
export async function answer(page, c, objective, answerKey) {
  const id = objective.id;
  await showTab(page, 'answers');
  const box = page.locator(tid(`objective-${id}`));
  switch (objective.kind) {
    case 'entity':
      await box.locator(tid(`answer-${id}`)).selectOption(answerKey.entity);
      break;
    case 'address':
      await useSelected(page, id, answerKey.address);
      assert.equal(await page.locator(tid(`answer-${id}`)).inputValue(), answerKey.address);
      break;
    case 'address_set':
    case 'path':
      for (const a of answerKey.addresses) await useSelected(page, id, a);
      break;
    case 'amount': {
      const asset = c.assets.find((a) => a.id === answerKey.asset);
      const input = box.locator(tid(`answer-${id}`));
      await input.fill(formatUnits(answerKey.value, asset.decimals));
      await input.press('Tab');
      break;
    }
    case 'choice':
      for (const i of answerKey.correct) await box.locator(tid(`answer-${id}-${i}`)).check();
      break;
    case 'text':
      await box.locator(tid(`answer-${id}`)).fill(answerKey.text ?? 'Send a production order to the exchange.');
      await box.locator(tid(`answer-${id}`)).press('Tab');
      break;
    default:
      throw new Error(`unknown objective kind ${objective.kind}`);
  }
}

/** Submits with a name, confirming the dialog, and returns the score text. */
export async function submit(page, name = 'Test Officer') {
  await showTab(page, 'answers');
  await page.locator(tid('trainee-name')).fill(name);
  await page.locator(tid('submit-answers')).click();
  await page.locator(tid('confirm-submit')).click();
  const score = page.locator(tid('score'));
  await score.waitFor();
  return (await score.innerText()).trim();
}
