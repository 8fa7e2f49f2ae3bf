// `cargo xtask bench-ui`: TraceLab's canvas renderer against cytoscape.js, same
// graphs, same camera path, same headless Chromium run (1280x720).
//
// For each size, TraceLab's #/bench route builds the seeded synthetic graph in
// wasm, pans and zooms it for a fixed number of rAF frames, times force layout
// steps, and leaves the graph in window.__tracelabBenchGraph; a second page then
// replays it with cytoscape.js (cytoscape-run.js). Both pages come from one local
// static server (the e2e harness's), nothing from the network.
//
//   node bench.mjs [NODES...]   (after `cargo xtask build`; TRACELAB_DIST = dist/)

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { distDir, launchBrowser, startServer } from '../../tests/e2e/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [500, 2000, 5000, 10000];
const FRAMES = 120;
const VIEWPORT = { width: 1280, height: 720 };
const TIMEOUT = 600_000;

const server = await startServer(distDir, { '/__bench/': here });
const browser = await launchBrowser();
const rows = [];
try {
  for (const nodes of SIZES) {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (e) => console.error(`tracelab page error: ${e}`));
    await page.goto(`${server.origin}/#/bench?nodes=${nodes}&frames=${FRAMES}`);
    const result = page.locator('[data-testid="bench-result"]');
    await result.waitFor({ timeout: TIMEOUT });
    const ours = JSON.parse(await result.textContent());
    const graph = await page.evaluate(() => window.__tracelabBenchGraph);
    await page.close();

    const cyPage = await browser.newPage({ viewport: VIEWPORT });
    cyPage.on('pageerror', (e) => console.error(`cytoscape page error: ${e}`));
    await cyPage.goto(`${server.origin}/__bench/cytoscape.html`);
    cyPage.setDefaultTimeout(TIMEOUT);
    const cy = await cyPage.evaluate((g) => window.runCytoscape(JSON.parse(g)), graph);
    await cyPage.close();
    rows.push({ nodes, edges: ours.edges, ours, cy });
    console.error(`bench-ui: ${nodes} nodes done`);
  }
} finally {
  await browser.close();
  await server.close();
}

const f1 = (x) => x.toFixed(1);
console.log(`\nGraph rendering, headless Chromium ${VIEWPORT.width}x${VIEWPORT.height}, ${FRAMES} frames of pan + zoom (fps after 10 warm-up frames)\n`);
console.log('| nodes | edges | TraceLab fps | draw ms (mean) | cytoscape.js fps | ratio | layout step ms (mean / max) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const { nodes, edges, ours, cy } of rows) {
  console.log(
    `| ${nodes} | ${edges} | ${f1(ours.fps)} | ${f1(ours.draw_ms_mean)} | ${f1(cy.fps)} | ${f1(ours.fps / cy.fps)}x | ${f1(ours.layout_step_ms_mean)} / ${f1(ours.layout_step_ms_max)} |`,
  );
}
