// The native `tracelab` command line, for tests that compare the app or the wasm
// generator with what the command line says. `cargo xtask e2e` builds it and
// passes its path in TRACELAB_BIN; run by hand, the debug build (what `cargo build`
// or `cargo test` leaves) is used.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './cases.mjs';

export const tracelabBin = process.env.TRACELAB_BIN ?? path.join(repoRoot, 'target', 'debug', 'tracelab');

/** Runs `tracelab ...args` and returns its stdout as a Buffer; throws on a non-zero exit. */
export function tracelab(args) {
  if (!fs.existsSync(tracelabBin)) {
    throw new Error(`${tracelabBin} is missing: run \`cargo build --bin tracelab\` (or set TRACELAB_BIN)`);
  }
  // Cases of 10,000 transactions are a few MB of JSON.
  return execFileSync(tracelabBin, args, { maxBuffer: 256 * 1024 * 1024 });
}

/** `tracelab solve FILE --json`, parsed. */
export function solve(file) {
  return JSON.parse(tracelab(['solve', file, '--json']).toString('utf8'));
}
