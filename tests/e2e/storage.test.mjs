// Storage faults and silently lost work (issue 11): blocked storage, a full
// quota, damaged or newer saved work, two tabs on one case, an older case file
// over newer autosaved work, answers typed without leaving the field, and the
// trainee's name. Each notice is also photographed in both themes
// (tests/e2e/artifacts/storage--*.png).

import { test } from 'node:test';

import { TUTORIAL_ID } from './cases.mjs';
import { tid, useTraceLab } from './harness.mjs';
import {
  ASIDE, CASE_URL, KEY, START, assert, downloadText, expandStart, hasTag, note, openTutorial, openWith,
  paidByStart, quotaSwitch, setFull, shoot, stored, storedDoc, storedOps, tag, tutorial, waitStored,
} from './storage.mjs';
import { formatUnits, selectRow, showTab } from './training.mjs';

const app = useTraceLab();
const obj = (kind) => tutorial.objectives.find((o) => o.kind === kind);

/** The tutorial in a fresh page (with `init` run first), its start expanded and saved. */
async function started(t, init = () => {}) {
  const s = await openWith(app, t, CASE_URL, init);
  await openTutorial(s);
  await expandStart(s.page);
  return s;
}

test('blocked storage: the library, a deep link, an opened file and the work all function, with a warning', async (t) => {
  const s = await openWith(app, t, '/', () => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  const { page } = s;
  await page.locator(tid(`scenario-card-${TUTORIAL_ID}`)).waitFor();
  await s.goto(CASE_URL);
  await openTutorial(s);
  const warning = page.locator(tid('storage-fault'));
  await warning.waitFor();
  assert.match(await warning.innerText(), /not keeping your work/i);
  await expandStart(page, { saved: false });
  const [next] = paidByStart();
  await tag(page, next);
  await shoot(page, 'blocked');
  // The way out: the work as a case file, from the warning itself.
  const saved = await downloadText(page, () => warning.locator(tid('notice-save-case')).click());
  assert.ok(JSON.parse(saved.text).investigation.log.commands.some((c) => c.op === 'tag'));
  // That file opens again (and shows its work) in the same blocked browser.
  await page.locator(tid('open-file')).setInputFiles(saved.file);
  await page.locator(tid(`tag-chip-${next}`)).waitFor();
  await page.locator(tid('storage-fault')).waitFor();
  s.assertNoPageErrors();
  s.assertSameOrigin();
});

test('a full quota: the work stays, the warning offers Save case file, and goes once saving works', async (t) => {
  const s = await started(t, quotaSwitch);
  const { page } = s;
  await setFull(page, true);
  const [next] = paidByStart();
  await tag(page, next);
  const warning = page.locator(tid('storage-fault'));
  await warning.waitFor();
  assert.match(await warning.innerText(), /full/);
  assert.deepEqual(await storedOps(page), ['expand'], 'the last saved work is untouched');
  await shoot(page, 'full');
  const saved = await downloadText(page, () => warning.locator(tid('notice-save-case')).click());
  assert.ok(JSON.parse(saved.text).investigation.log.commands.some((c) => c.op === 'tag'), 'the case file has the tag');
  await setFull(page, false);
  await note(page, next, 'first hop');
  await warning.waitFor({ state: 'detached' });
  assert.deepEqual(await storedOps(page), ['expand', 'tag', 'note']);
  await page.reload();
  await page.locator(tid(`tag-chip-${next}`)).waitFor();
  s.assertNoPageErrors();
});

test('a really full quota: warned, and saved again once there is room', async (t) => {
  const s = await started(t);
  const { page } = s;
  // Fill what is left, in ever smaller pieces, down to a single character.
  const junk = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`junk${n}`, 'x'.repeat(size));
          n += 1;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  assert.ok(junk > 0);
  const [next] = paidByStart();
  await tag(page, next);
  await page.locator(tid('storage-fault')).waitFor();
  assert.deepEqual(await storedOps(page), ['expand']);
  await page.evaluate((n) => { for (let i = 0; i < n; i += 1) localStorage.removeItem(`junk${i}`); }, junk);
  await note(page, next, 'room again');
  await page.locator(tid('storage-fault')).waitFor({ state: 'detached' });
  assert.deepEqual(await storedOps(page), ['expand', 'tag', 'note']);
  s.assertNoPageErrors();
});

/** Saved work for the tutorial, damaged by `damage(text)`, in a page that is then reloaded. */
async function withStored(t, damage) {
  const s = await started(t);
  const { page } = s;
  const bad = damage(await stored(page));
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, bad]);
  await page.reload();
  await openTutorial(s);
  return { s, page, bad };
}

const damages = {
  'truncated JSON': (text) => text.slice(0, Math.floor(text.length / 2)),
  'wrong types': (text) => JSON.stringify({ ...JSON.parse(text), log: 'expand, then tag' }),
};

for (const [kind, damage] of Object.entries(damages)) {
  test(`damaged saved work (${kind}) is kept aside, offered, and discarded only when asked`, async (t) => {
    const { s, page, bad } = await withStored(t, damage);
    const kept = page.locator(tid('kept-work'));
    await kept.waitFor();
    assert.match(await kept.innerText(), /could not be read/);
    assert.equal(await stored(page, ASIDE), bad, 'moved to the side slot as it was');
    // The first action saves the new work, and the damaged copy stays aside.
    await selectRow(page, START);
    await page.locator(tid('tag-select')).selectOption('victim');
    await waitStored(page, (doc) => doc?.log.commands.some((c) => c.op === 'tag'));
    assert.equal(await stored(page, ASIDE), bad);
    if (kind === 'truncated JSON') await shoot(page, 'damaged');
    const copy = await downloadText(page, () => kept.locator(tid('kept-download')).click());
    assert.equal(copy.text, bad);
    // Still offered after a reload; then discarded, after a confirmation.
    await page.reload();
    await kept.waitFor();
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
    await kept.locator(tid('kept-discard')).click();
    assert.match(asked, /delete/i);
    assert.equal(await stored(page, ASIDE), bad, 'kept when the trainee says no');
    page.once('dialog', (d) => d.accept());
    await kept.locator(tid('kept-discard')).click();
    await kept.waitFor({ state: 'detached' });
    assert.equal(await stored(page, ASIDE), null);
    assert.ok((await storedOps(page)).includes('tag'));
    s.assertNoPageErrors();
  });
}

test('work saved by a newer TraceLab is left untouched, autosave pauses, and it can be downloaded or deleted', async (t) => {
  const { s, page, bad } = await withStored(t, (text) => JSON.stringify({ ...JSON.parse(text), version: 999 }));
  const kept = page.locator(tid('kept-work'));
  await kept.waitFor();
  assert.match(await kept.innerText(), /newer version of TraceLab/);
  await shoot(page, 'newer');
  await expandStart(page, { saved: false });
  const [next] = paidByStart();
  await tag(page, next);
  assert.equal(await stored(page), bad, 'the newer work is not written over');
  const copy = await downloadText(page, () => kept.locator(tid('kept-download')).click());
  assert.equal(copy.text, bad);
  page.once('dialog', (d) => d.accept());
  await kept.locator(tid('kept-discard')).click();
  await kept.waitFor({ state: 'detached' });
  // Autosave goes on: what is in this tab is saved at once.
  await waitStored(page, (doc) => doc?.version === 1 && doc.log.commands.some((c) => c.op === 'tag'));
  s.assertNoPageErrors();
});

test('two tabs: a tab with nothing unsaved follows the other, so a tag and a note both survive', async (t) => {
  const a = await started(t);
  const b = { page: await a.context.newPage() };
  await b.page.goto(new URL(CASE_URL, a.origin).href);
  await openTutorial(b);
  const [next] = paidByStart();
  await b.page.locator(tid(`node-row-${next}`)).waitFor();
  // Tab A tags; tab B shows it and says why.
  await tag(a.page, next);
  await b.page.locator(tid(`tag-chip-${next}`)).waitFor();
  await b.page.locator(tid('followed-note')).waitFor();
  await shoot(b.page, 'followed');
  // Tab B notes; tab A shows it; the saved work has both.
  await note(b.page, next, 'from tab B');
  await a.page.waitForFunction(([sel, x]) => document.querySelector(sel)?.textContent.includes(x), [tid(`node-row-${next}`), 'from tab B']);
  assert.deepEqual(await storedOps(a.page), ['expand', 'tag', 'note']);
  await a.page.reload();
  await a.page.locator(tid(`tag-chip-${next}`)).waitFor();
  a.assertNoPageErrors();
});

test('two tabs with changes on both sides: asked, and each answer does what it says', async (t) => {
  const a = await started(t, quotaSwitch);
  const b = { page: await a.context.newPage() };
  await b.page.goto(new URL(CASE_URL, a.origin).href);
  await openTutorial(b);
  const [x, y] = [START, ...paidByStart()];
  // B cannot save for a moment, and tags; A notes meanwhile and saves.
  await setFull(b.page, true);
  await tag(b.page, y, 'mule');
  await note(a.page, x, 'from tab A');
  const question = b.page.locator(tid('other-tab'));
  await question.waitFor();
  assert.match(await question.innerText(), /another tab/i);
  assert.deepEqual(await storedOps(b.page), ['expand', 'note'], 'nothing written over while asking');
  await setFull(b.page, false);
  await shoot(b.page, 'other-tab');
  // "Keep this tab's work": B's tag is saved, A's note goes (the button said so), A follows.
  assert.match(await question.locator(tid('other-tab-keep')).innerText(), /replace/i);
  await question.locator(tid('other-tab-keep')).click();
  await question.waitFor({ state: 'detached' });
  await waitStored(b.page, (doc) => doc?.log.commands.some((c) => c.op === 'tag') && !doc.log.commands.some((c) => c.op === 'note'));
  await a.page.locator(tid(`tag-chip-${y}`)).waitFor();
  // Again, and now "Load the other tab's work": B shows A's work, B's change is dropped.
  await setFull(b.page, true);
  await b.page.locator(tid(`node-row-${y}`)).click();
  await b.page.locator(tid('hide-node')).click();
  await tag(a.page, x, 'suspect');
  await question.waitFor();
  await setFull(b.page, false);
  await question.locator(tid('other-tab-load')).click();
  await question.waitFor({ state: 'detached' });
  await b.page.locator(tid(`tag-chip-${x}`)).waitFor();
  await b.page.locator(tid(`node-row-${y}`)).waitFor();
  assert.deepEqual(await storedOps(b.page), ['expand', 'tag', 'tag']);
  a.assertNoPageErrors();
});

test('another tab wrote just before this one: asked before anything is written over', async (t) => {
  const s = await started(t);
  const { page } = s;
  // What another tab would have written, without the event reaching this tab yet.
  const theirs = await storedDoc(page);
  theirs.log.commands.push({ op: 'note', key: START, text: 'written elsewhere' });
  theirs.log.done += 1;
  const text = JSON.stringify(theirs);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, text]);
  await tag(page, START);
  await page.locator(tid('other-tab')).waitFor();
  assert.equal(await stored(page), text);
  s.assertNoPageErrors();
});

/** Work, a case file saved after the first step, and more work after it. */
async function olderCaseFile(t) {
  const s = await started(t);
  const { page } = s;
  const file = await downloadText(page, () => page.locator(tid('export-case')).click());
  const [next] = paidByStart();
  await tag(page, next);
  await note(page, next, 'after the file');
  const newer = await stored(page);
  await page.locator(tid('open-file')).setInputFiles(file.file);
  const dialog = page.locator(tid('choose-work'));
  await dialog.waitFor();
  return { s, page, next, newer, dialog };
}

test('an older case file over newer autosaved work: asked, and "this browser" keeps the newer work', async (t) => {
  const { s, page, next, newer, dialog } = await olderCaseFile(t);
  const text = await dialog.innerText();
  assert.match(text, /1 action/);
  assert.match(text, /3 actions/);
  assert.equal(await stored(page), newer, 'nothing written while asking');
  await page.locator(tid(`tag-chip-${next}`)).waitFor();
  await shoot(page, 'choose');
  await dialog.locator(tid('choose-stored')).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator(tid(`tag-chip-${next}`)).waitFor();
  assert.deepEqual(await storedOps(page), ['expand', 'tag', 'note']);
  s.assertNoPageErrors();
});

test('an older case file over newer autosaved work: "the file" continues the file\'s work', async (t) => {
  const { s, page, next, dialog } = await olderCaseFile(t);
  await dialog.locator(tid('choose-file')).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator(tid(`tag-chip-${next}`)).waitFor({ state: 'detached' });
  await waitStored(page, (doc) => doc?.log.commands.length === 1);
  assert.deepEqual(await storedOps(page), ['expand']);
  s.assertNoPageErrors();
});

test('answers typed without leaving the field survive re-renders while a request is pending, and a reload', async (t) => {
  const s = await started(t);
  const { page } = s;
  // A request keeps the case clock ticking (a re-render every second).
  await selectRow(page, START);
  await page.locator(tid('request-records')).click();
  await page.locator(tid('request-0-status')).waitFor();
  await showTab(page, 'answers');
  const clock = async () => (await storedDoc(page))?.session.clock ?? 0;
  /** Types `text` one character at a time, waiting for a clock tick after each. */
  async function typeSlowly(selector, text) {
    await page.locator(selector).focus();
    for (const ch of text) {
      const before = await clock();
      await page.keyboard.type(ch);
      await waitStored(page, (doc) => (doc?.session.clock ?? 0) > before);
    }
    assert.equal(await page.locator(selector).inputValue(), text);
  }
  const amount = obj('amount');
  const decimals = tutorial.assets.find((a) => a.id === amount.answer.asset).decimals;
  const value = formatUnits(amount.answer.value, decimals);
  await typeSlowly(tid(`answer-${amount.id}`), value);
  await typeSlowly(tid(`answer-${obj('address').id}`), 'bc1q');
  await typeSlowly(tid('trainee-name'), 'Ana');
  // Reload without leaving the field.
  await page.reload();
  await openTutorial(s);
  await showTab(page, 'answers');
  assert.equal(await page.locator(tid(`answer-${amount.id}`)).inputValue(), value);
  assert.equal(await page.locator(tid(`answer-${obj('address').id}`)).inputValue(), 'bc1q');
  assert.equal(await page.locator(tid('trainee-name')).inputValue(), 'Ana');
  s.assertNoPageErrors();
});

test('an empty name is refused at submission, next to the name field', async (t) => {
  const s = await openWith(app, t, CASE_URL, () => {});
  const { page } = s;
  await openTutorial(s);
  await showTab(page, 'answers');
  await page.locator(tid('submit-answers')).click();
  const error = page.locator(tid('name-error'));
  await error.waitFor();
  assert.match(await error.innerText(), /name/);
  assert.equal(await page.locator(tid('confirm-submit')).count(), 0, 'no confirmation without a name');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'trainee-name');
  await shoot(page, 'name');
  await page.locator(tid('trainee-name')).pressSequentially('   ');
  await page.locator(tid('submit-answers')).click();
  await error.waitFor();
  await page.locator(tid('trainee-name')).fill('Ana Lima');
  await error.waitFor({ state: 'detached' });
  await page.locator(tid('submit-answers')).click();
  await page.locator(tid('confirm-submit')).click();
  await page.locator(tid('score')).waitFor();
  const results = await downloadText(page, () => page.locator(tid('download-results')).click());
  assert.equal(JSON.parse(results.text).trainee, 'Ana Lima');
  s.assertNoPageErrors();
});
