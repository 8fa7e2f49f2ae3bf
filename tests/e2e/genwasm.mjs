// The generator's own wasm module (the generator-wasm crate, built by
// `cargo xtask generator-wasm` into target/generator-wasm/, never into dist/) loaded
// in a Chromium page, for the determinism test and the browser benchmark.

import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './cases.mjs';
import { TIMEOUT_MS, startServer } from './harness.mjs';

export const moduleDir = path.resolve(
  process.env.TRACELAB_GENERATOR_WASM ?? path.join(repoRoot, 'target', 'generator-wasm'),
);
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced', 'expert'];

/**
 * Serves the module's folder and opens a page that has imported and instantiated
 * it as `window.gen`. Returns {page, close}.
 */
export async function openGenerator(browser) {
  if (!fs.existsSync(path.join(moduleDir, 'generator_wasm.js'))) {
    throw new Error(`${moduleDir}/generator_wasm.js is missing: run \`cargo xtask generator-wasm\``);
  }
  const server = await startServer(moduleDir);
  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT_MS);
  // The folder holds only the module; the page that loads it is made here.
  await context.route(`${server.origin}/`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>generator wasm</title>' }),
  );
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.evaluate(async () => {
    const gen = await import('/generator_wasm.js');
    await gen.default();
    window.gen = gen;
  });
  return {
    page,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

/**
 * `generate_json` in the page; returns {sha256, bytes} of its UTF-8 text, so the
 * megabytes of JSON stay in the browser.
 */
export function wasmDigest(page, typology, seed, difficulty, scale) {
  return page.evaluate(
    async ({ typology, seed, difficulty, scale }) => {
      const text = window.gen.generate_json(typology, BigInt(seed), difficulty, scale);
      const data = new TextEncoder().encode(text);
      const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
      return { sha256: [...hash].map((b) => b.toString(16).padStart(2, '0')).join(''), bytes: data.length };
    },
    { typology, seed, difficulty, scale },
  );
}

/** `generate_json` in the page, as text (to show where two outputs differ). */
export function wasmText(page, typology, seed, difficulty, scale) {
  return page.evaluate(
    ({ typology, seed, difficulty, scale }) => window.gen.generate_json(typology, BigInt(seed), difficulty, scale),
    { typology, seed, difficulty, scale },
  );
}
