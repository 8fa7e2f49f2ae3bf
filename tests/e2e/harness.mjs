// Browser-test harness: serves the release build (dist/) with a tiny static file
// server on 127.0.0.1, drives Debian's Chromium with playwright-core, and gives
// each test a fresh browser context that records every request, console error and
// page error, and leaves a screenshot in tests/e2e/artifacts/.
//
// Usage in a *.test.mjs file (run by `node --test`, see `cargo xtask e2e`):
//
//   const app = useTraceLab();          // registers before/after hooks
//   test('...', async (t) => {
//     const s = await app.open(t, '/#/s/tutorial-peel-chain');
//     await s.page.locator('[data-testid="case-title"]').waitFor();
//     s.assertSameOrigin();
//   });
//
// No sleeps: tests wait on selectors and conditions only.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { repoRoot } from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const distDir = path.resolve(process.env.TRACELAB_DIST ?? path.join(repoRoot, 'dist'));
export const artifactsDir = path.join(here, 'artifacts');
export const CHROMIUM = process.env.TRACELAB_CHROMIUM ?? '/usr/bin/chromium';
/** How long a single wait may take; generous, as the machine may be busy compiling. */
export const TIMEOUT_MS = 20_000;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serves `root` on 127.0.0.1 at an ephemeral port. A path that is not a file gets
 * index.html when it looks like an app route (no file extension), 404 otherwise,
 * so a missing asset is never hidden behind the page. `mounts` maps URL prefixes
 * (like '/__bench/') to other folders (the benchmark's pages, on the same origin).
 * Returns {origin, close}.
 */
export async function startServer(root = distDir, mounts = {}) {
  const mounted = Object.entries(mounts).map(([prefix, dir]) => [prefix, fs.realpathSync(dir)]);
  const index = path.join(fs.realpathSync(root), 'index.html');
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let rootReal = fs.realpathSync(root);
    for (const [prefix, dir] of mounted) {
      if (pathname.startsWith(prefix)) {
        rootReal = dir;
        pathname = '/' + pathname.slice(prefix.length);
      }
    }
    let file = path.join(rootReal, path.normalize(pathname));
    if (file !== rootReal && !file.startsWith(rootReal + path.sep)) {
      res.writeHead(403).end('outside the served folder');
      return;
    }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) {
      if (path.extname(pathname) === '' && fs.existsSync(index)) {
        file = index;
        stat = fs.statSync(file);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
        return;
      }
    }
    res.writeHead(200, {
      'content-type': mimeType(file),
      'content-length': stat.size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`cargo xtask setup\` (Debian packages chromium and chromium-driver)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'test';
}

/** True when `url` is on `origin`, or is a data:/blob: URL (which never leave the page). */
export function isSameOrigin(url, origin) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Registers the file's before/after hooks (server + browser, shared by the file's
 * tests) and returns {open(t, url), origin()}.
 */
export function useTraceLab({ name = path.basename(process.argv[1] ?? 'e2e', '.test.mjs') } = {}) {
  let server;
  let browser;

  before(async () => {
    if (!fs.existsSync(path.join(distDir, 'index.html'))) {
      throw new Error(`${distDir}/index.html is missing: run \`cargo xtask build\` (or set TRACELAB_DIST)`);
    }
    fs.mkdirSync(artifactsDir, { recursive: true });
    server = await startServer(distDir);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    origin: () => server.origin,

    /**
     * A fresh context and page (1280x720) at `url` (relative to the server), with
     * its requests, console errors and page errors recorded. A screenshot is saved
     * and the context closed when the test ends, pass or fail.
     */
    async open(t, url = '/') {
      const origin = server.origin;
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      context.setDefaultTimeout(TIMEOUT_MS);
      const session = {
        context,
        page: null,
        origin,
        requests: [],
        consoleErrors: [],
        pageErrors: [],
        /** Every request so far went to the page's origin (data: and blob: allowed). */
        assertSameOrigin() {
          const away = session.requests.filter((u) => !isSameOrigin(u, origin));
          assert.deepEqual(away, [], `requests left the page's origin ${origin}`);
        },
        /** No uncaught exception (a wasm panic or trap shows up here). */
        assertNoPageErrors() {
          assert.deepEqual(session.pageErrors, [], 'the page threw');
        },
        assertNoConsoleErrors() {
          assert.deepEqual(session.consoleErrors, [], 'the page logged errors');
        },
        /** Loads `url` (relative to the server) in the page. */
        goto: (u) => session.page.goto(new URL(u, origin).href, { waitUntil: 'load' }),
      };
      context.on('request', (req) => session.requests.push(req.url()));
      // Anything not on the origin is recorded above and then refused, so a stray
      // request fails the origin assertion instead of hanging on the closed network.
      await context.route(
        (u) => !isSameOrigin(u.href, origin),
        (route) => route.abort('blockedbyclient'),
      );
      const page = await context.newPage();
      session.page = page;
      page.on('websocket', (ws) => session.requests.push(ws.url()));
      page.on('console', (msg) => {
        if (msg.type() === 'error') session.consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => session.pageErrors.push(String(err?.stack ?? err)));

      t.after(async () => {
        const file = path.join(artifactsDir, `${name}--${slug(t.name)}.png`);
        try {
          await page.screenshot({ path: file, timeout: 5_000 });
        } catch (e) {
          t.diagnostic(`no screenshot: ${e.message}`);
        }
        if (session.consoleErrors.length) t.diagnostic(`console errors: ${session.consoleErrors.join(' | ')}`);
        if (session.pageErrors.length) t.diagnostic(`page errors: ${session.pageErrors.join(' | ')}`);
        await context.close();
      });

      await session.goto(url);
      return session;
    },
  };
}

/** `[data-testid="..."]` */
export const tid = (id) => `[data-testid="${id}"]`;
