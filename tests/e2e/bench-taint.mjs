// Benchmark, not a test (node --test does not pick it up): how long the lab
// worker, as shipped in dist/, takes on a big case: opening it (reading the JSON
// and building the analytics index, once per case) and a taint run from the start
// transaction, each timed in the page from the request to the reply (the JSON
// report included).
//
//   cargo xtask build && node tests/e2e/bench-taint.mjs [scale] [runs]
//
// The case is ransomware (the heaviest typology), seed 7, expert, generated in the
// same worker. Prints the median and the spread in milliseconds
// (docs/performance.md, "Analytics in the browser").

import os from 'node:os';

import { launchBrowser } from './harness.mjs';
import { generateMessage, openLab } from './lab.mjs';

const scale = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 5);
const browser = await launchBrowser();
const lab = await openLab(browser);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
try {
  lab.page.setDefaultTimeout(300_000);
  const result = await lab.page.evaluate(
    async ({ gen, runs }) => {
      const time = async (fields) => {
        const t0 = performance.now();
        const reply = await window.lab(fields);
        return [performance.now() - t0, reply];
      };
      const text = await window.lab(gen);
      const c = JSON.parse(text);
      const out = { transactions: c.transactions.length, open: [], fifo: [], haircut: [], tainted: 0 };
      for (let i = 0; i < runs; i += 1) {
        out.open.push((await time(['open', text]))[0]);
        for (const method of ['fifo', 'haircut']) {
          const [ms, reply] = await time(['taint', method, c.start.transactions[0]]);
          out[method].push(ms);
          out.tainted = Object.keys(JSON.parse(reply).per_address).length;
        }
      }
      return out;
    },
    { gen: generateMessage('ransomware', 7, 'expert', scale), runs },
  );
  console.log(`lab worker in ${browser.version()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${result.transactions} transactions; ${result.tainted} addresses receive taint`);
  console.log(`open (parse + index): ${fmt(result.open)}`);
  console.log(`taint fifo:           ${fmt(result.fifo)}`);
  console.log(`taint haircut:        ${fmt(result.haircut)}`);
} finally {
  await lab.close();
  await browser.close();
}
