// Shared steps for the storage tests: the tutorial's storage keys, reading the
// saved document, opening a page with an init script (blocked or full storage),
// a few investigation steps, and screenshots of a notice in both themes.

import assert from 'node:assert/strict';
import path from 'node:path';

import { TUTORIAL_ID, loadCase } from './cases.mjs';
import { TIMEOUT_MS, artifactsDir, tid } from './harness.mjs';
import { selectRow } from './training.mjs';

export const tutorial = loadCase(TUTORIAL_ID).data;
/** Where autosave keeps the tutorial's work, and where it keeps a damaged copy. */
export const KEY = `tracelab.investigation.${TUTORIAL_ID}@${tutorial.version}`;
export const ASIDE = `tracelab.kept.${TUTORIAL_ID}@${tutorial.version}`;
export const START = tutorial.start.addresses[0];
export const CASE_URL = `/#/s/${TUTORIAL_ID}`;

/** The text in storage under `key` (null when absent). */
export const stored = (page, key = KEY) => page.evaluate((k) => localStorage.getItem(k), key);

/** The saved document, parsed. */
export async function storedDoc(page) {
  const text = await stored(page);
  return text === null ? null : JSON.parse(text);
}

/** The operations in the saved document's log. */
export async function storedOps(page) {
  const doc = await storedDoc(page);
  return (doc?.log.commands ?? []).slice(0, doc?.log.done ?? 0).map((c) => c.op);
}

/**
 * Waits until the saved document satisfies `predicate(doc, text)` (run here, in
 * node, on each read of the page's storage: a wait on a condition, not a sleep).
 */
export async function waitStored(page, predicate, key = KEY) {
  const deadline = Date.now() + TIMEOUT_MS;
  let text;
  while (Date.now() < deadline) {
    text = await stored(page, key);
    let doc = null;
    try {
      doc = JSON.parse(text);
    } catch {
      // damaged text: the predicate still sees it
    }
    if (predicate(doc, text)) return;
  }
  throw new Error(`the saved work never met ${predicate}: ${text?.slice(0, 300)}`);
}

/** A fresh page that runs `init` before any of the app's scripts, at `url`. */
export async function openWith(app, t, url, init, arg) {
  const s = await app.open(t, 'about:blank');
  await s.context.addInitScript(init, arg);
  await s.goto(url);
  return s;
}

/** An init script: `Storage.prototype.setItem` throws QuotaExceededError while `window.__full` is set. */
export function quotaSwitch() {
  const real = Storage.prototype.setItem;
  Storage.prototype.setItem = function setItem(k, v) {
    if (window.__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return real.call(this, k, v);
  };
}

export const setFull = (page, full) => page.evaluate((f) => { window.__full = f; }, full);

export async function openTutorial(s) {
  await s.page.locator(tid('case-title')).waitFor();
  await s.page.locator(tid(`node-row-${START}`)).waitFor();
}

/** Expands the start address out (the first piece of work), and waits for it to be saved. */
export async function expandStart(page, { saved = true } = {}) {
  await selectRow(page, START);
  await page.locator(tid('expand-out')).click();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 1, `${tid('node-list')} [role=option]`);
  if (saved) await waitStored(page, (doc) => doc?.log.commands.some((c) => c.op === 'expand'));
}

/** The addresses the start address paid (on the graph after `expandStart`). */
export function paidByStart() {
  const txs = tutorial.transactions.filter((t) => (t.inputs ?? []).some((i) => {
    const from = tutorial.transactions.find((x) => x.id === i.tx)?.outputs?.[i.vout]?.address;
    return from === START;
  }));
  return [...new Set(txs.flatMap((t) => t.outputs.map((o) => o.address)))].filter((a) => a !== START);
}

export async function tag(page, address, value = 'victim') {
  await selectRow(page, address);
  await page.locator(tid('tag-select')).selectOption(value);
  await page.locator(tid(`tag-chip-${address}`)).waitFor();
}

export async function note(page, address, text) {
  await selectRow(page, address);
  await page.locator(tid('note-input')).fill(text);
  await page.locator(tid('note-save')).click();
  await page.waitForFunction(([sel, x]) => document.querySelector(sel)?.textContent.includes(x), [tid(`node-row-${address}`), text]);
}

/** Whether the node list shows a tag chip / a note for the address. */
export const hasTag = (page, address) => page.locator(tid(`tag-chip-${address}`)).count().then((n) => n > 0);

/**
 * Screenshots of the page as it is, in the light and the dark theme, into
 * tests/e2e/artifacts/storage--NAME-light.png and -dark.png, for a person to look at.
 */
export async function shoot(page, name) {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((th) => {
      document.documentElement.setAttribute('data-theme', th);
      window.dispatchEvent(new Event('tracelab-theme'));
    }, theme);
    // The canvas repaints on the next animation frame.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: path.join(artifactsDir, `storage--${name}-${theme}.png`) });
  }
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
}

/** The text of a download. */
export async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const fs = await import('node:fs');
  const text = fs.readFileSync(await download.path(), 'utf8');
  return { name: download.suggestedFilename(), text, file: await download.path() };
}

export { assert };
