// The harness's static file server (no browser): MIME types, the index.html
// fallback for app routes, 404 for missing assets, and no escape from its folder.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { isSameOrigin, startServer } from './harness.mjs';

let dir;
let server;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelab-e2e-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(dir, 'app_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(dir, 'app.js'), 'export {};');
  fs.writeFileSync(path.join(dir, 'styles.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.mkdirSync(path.join(dir, 'scenarios'));
  fs.writeFileSync(path.join(dir, 'scenarios', 'index.json'), '[]');
  server = await startServer(dir);
});

after(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function get(p) {
  const res = await fetch(server.origin + p);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

test('serves files with their MIME types', async () => {
  assert.equal(new URL(server.origin).hostname, '127.0.0.1');
  const expected = {
    '/': 'text/html',
    '/app_bg.wasm': 'application/wasm',
    '/app.js': 'text/javascript',
    '/styles.css': 'text/css',
    '/scenarios/index.json': 'application/json',
    '/favicon.svg': 'image/svg+xml',
  };
  for (const [p, type] of Object.entries(expected)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.type.startsWith(type), `${p}: ${r.type}`);
  }
});

test('app routes fall back to index.html; missing assets are 404', async () => {
  const route = await get('/s/tutorial-peel-chain');
  assert.equal(route.status, 200);
  assert.match(route.body, /<title>x<\/title>/);
  assert.equal((await get('/missing.js')).status, 404);
});

test('never serves outside its folder', async () => {
  for (const p of ['/..%2f..%2fetc%2fpasswd', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/hostname']) {
    const r = await get(p);
    assert.ok(!r.body.includes('root:'), p);
    assert.ok(r.status !== 200 || r.body.includes('<title>x</title>'), `${p}: ${r.status} ${r.body}`);
  }
});

test('origin check', () => {
  const o = 'http://127.0.0.1:1234';
  assert.ok(isSameOrigin(`${o}/x.wasm`, o));
  assert.ok(isSameOrigin('data:image/png;base64,AAAA', o));
  assert.ok(isSameOrigin('blob:http://127.0.0.1:1234/uuid', o));
  assert.ok(!isSameOrigin('http://127.0.0.1:8080/x', o));
  assert.ok(!isSameOrigin('https://fonts.example/x.woff2', o));
});
