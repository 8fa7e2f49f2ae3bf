// The lab worker exactly as the app ships it (dist/lab-loader.js, which starts the
// `tracelab-lab` wasm module), driven from a blank page on the served dist/ folder:
// for the generator's determinism test, its browser benchmark and the analytics
// tools' test.

import { TIMEOUT_MS, distDir, startServer } from './harness.mjs';

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced', 'expert'];

/** The worker message that generates a case's text (see src/lab/protocol.rs). */
export function generateMessage(typology, seed, difficulty, scale) {
  return ['generate', typology, difficulty, String(seed), scale === undefined ? '' : String(scale), ''];
}

/**
 * Serves dist/ and opens a page that has started the lab worker and waited for its
 * "ready"; `window.lab(fields)` then resolves to the text of the request's last
 * message (`[id, "done", kind, text]`: a generated case, a tool's document) or
 * rejects with its error (`[id, "failed", "lab", why]`), passing over progress
 * and parts. Returns {page, close}.
 */
export async function openLab(browser) {
  const server = await startServer(distDir);
  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT_MS);
  await context.route(`${server.origin}/blank`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>lab worker</title>' }),
  );
  const page = await context.newPage();
  await page.goto(`${server.origin}/blank`);
  await page.evaluate(async () => {
    const worker = new Worker('/lab-loader.js');
    const waiting = new Map();
    let next = 0;
    await new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error(e.message));
      worker.onmessage = (e) => {
        if (e.data === 'ready') return resolve();
        if (e.data[0] === 'failed') return reject(new Error(e.data[1]));
        const [id, event, kind, text] = e.data;
        if (event !== 'done' && event !== 'failed') return;
        const settle = waiting.get(id);
        waiting.delete(id);
        if (event === 'done' && kind === 'opened') {
          const [, , , id, version, transactions] = e.data;
          settle.resolve(JSON.stringify({ case: id, version, transactions: Number(transactions) }));
        } else if (event === 'done') settle.resolve(text);
        else settle.reject(new Error(kind === 'lab' ? text : e.data.slice(2).join(' ')));
      };
    });
    window.lab = (fields) =>
      new Promise((resolve, reject) => {
        next += 1;
        waiting.set(next, { resolve, reject });
        worker.postMessage([next, ...fields]);
      });
  });
  return {
    page,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

/** The worker's text for `fields` as {sha256, bytes} of its UTF-8, computed in the page. */
export function labDigest(page, fields) {
  return page.evaluate(async (fields) => {
    const data = new TextEncoder().encode(await window.lab(fields));
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    return { sha256: [...hash].map((b) => b.toString(16).padStart(2, '0')).join(''), bytes: data.length };
  }, fields);
}

/** The worker's text for `fields` (to show where two outputs differ). */
export function labText(page, fields) {
  return page.evaluate((fields) => window.lab(fields), fields);
}

/** The worker's reply to `fields`, parsed as JSON (the analytics tools' documents). */
export async function labJson(page, fields) {
  return JSON.parse(await labText(page, fields));
}
