// Benchmark (a report, not a test: it prints and asserts nothing): how long the
// generator's wasm module takes to generate a 10,000-transaction case in headless
// Chromium, JSON text included. Budget from the brief: under 1 s.
//
// Run with `cargo xtask bench-generator` (builds the module, then runs this), or
// `node bench-generator.mjs` in tests/e2e once `cargo xtask generator-wasm` has run.
// Numbers go to docs/performance.md.

import os from 'node:os';

import { openGenerator } from './genwasm.mjs';
import { launchBrowser } from './harness.mjs';

const SCALE = Number(process.env.TRACELAB_BENCH_SCALE ?? 10_000);
const RUNS = Number(process.env.TRACELAB_BENCH_RUNS ?? 7);
// Ransomware is the heaviest (Bitcoin background: new outputs and addresses in every
// transaction); bridge-hack spans three chains; pig-butchering is account-only.
const TYPOLOGIES = ['ransomware', 'bridge-hack', 'pig-butchering'];

const browser = await launchBrowser();
const gen = await openGenerator(browser);
try {
  console.log(`generator wasm in ${browser.version()}, ${SCALE} transactions, ${RUNS} runs after one warm-up; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const typology of TYPOLOGIES) {
    const r = await gen.page.evaluate(
      ({ typology, scale, runs }) => {
        const once = (seed) => {
          const t0 = performance.now();
          const text = window.gen.generate_json(typology, BigInt(seed), 'expert', scale);
          return { ms: performance.now() - t0, text };
        };
        const warm = once(0);
        const txs = JSON.parse(warm.text).transactions.length;
        const times = [];
        for (let i = 1; i <= runs; i++) times.push(once(i).ms);
        times.sort((a, b) => a - b);
        return { txs, bytes: warm.text.length, times };
      },
      { typology, scale: SCALE, runs: RUNS },
    );
    const median = r.times[Math.floor(r.times.length / 2)];
    const fmt = (ms) => `${ms.toFixed(0)} ms`;
    console.log(
      `${typology.padEnd(16)} ${r.txs} tx, ${(r.bytes / 1e6).toFixed(1)} MB JSON: ` +
        `median ${fmt(median)}, min ${fmt(r.times[0])}, max ${fmt(r.times[r.times.length - 1])}`,
    );
  }
} finally {
  await gen.close();
  await browser.close();
}
