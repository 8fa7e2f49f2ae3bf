// Benchmark (a report, not a test: it prints and asserts nothing): how long the
// app's lab worker takes to generate a 10,000-transaction case in headless
// Chromium, from the request to the JSON text back in the page. Budget from the
// brief: under 1 s.
//
// Run with `cargo xtask bench-generator` (release build, then this), or
// `node bench-generator.mjs` in tests/e2e once dist/ is built. Numbers go to
// docs/performance.md.

import os from 'node:os';

import { generateMessage, openLab } from './lab.mjs';
import { launchBrowser } from './harness.mjs';

const SCALE = Number(process.env.TRACELAB_BENCH_SCALE ?? 10_000);
const RUNS = Number(process.env.TRACELAB_BENCH_RUNS ?? 7);
// Ransomware is the heaviest (Bitcoin background: new outputs and addresses in every
// transaction); bridge-hack spans three chains; pig-butchering is account-only.
const TYPOLOGIES = ['ransomware', 'bridge-hack', 'pig-butchering'];

const browser = await launchBrowser();
const gen = await openLab(browser);
try {
  console.log(`lab worker in ${browser.version()}, ${SCALE} transactions, ${RUNS} runs after one warm-up; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const typology of TYPOLOGIES) {
    const r = await gen.page.evaluate(
      async ({ typology, scale, runs, message }) => {
        const once = async (seed) => {
          const fields = [...message];
          fields[3] = String(seed);
          const t0 = performance.now();
          const text = await window.lab(fields);
          return { ms: performance.now() - t0, text };
        };
        const warm = await once(0);
        const txs = JSON.parse(warm.text).transactions.length;
        const times = [];
        for (let i = 1; i <= runs; i++) times.push((await once(i)).ms);
        times.sort((a, b) => a - b);
        return { txs, bytes: warm.text.length, times };
      },
      { typology, scale: SCALE, runs: RUNS, message: generateMessage(typology, 0, 'expert', SCALE) },
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
