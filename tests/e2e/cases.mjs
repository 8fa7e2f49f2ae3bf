// The bundled cases, read from scenarios/ with fs, and what the UI should show for
// them, computed from the case JSON itself (so the tests follow the data, not
// copies of ids that would go stale when a case is edited).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const scenariosDir = path.join(repoRoot, 'scenarios');
export const TUTORIAL_ID = 'tutorial-peel-chain';

function readJson(file) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${e.message}`);
  }
}

/**
 * The entries of scenarios/index.json: [{id, title, file}], where `file` is the
 * case file's path. index.json may be a list or an object holding the list under
 * `scenarios` or `cases`; an entry names its file with `file` or `path` (default
 * `<id>.json`) and may omit the title (then it is read from the case file).
 */
export function loadIndex() {
  const index = readJson(path.join(scenariosDir, 'index.json'));
  const list = Array.isArray(index) ? index : index.scenarios ?? index.cases;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error('scenarios/index.json lists no cases (expected a list, or {"scenarios": [...]})');
  }
  return list.map((entry, i) => {
    if (!entry || typeof entry.id !== 'string') throw new Error(`scenarios/index.json entry ${i} has no "id"`);
    const rel = entry.file ?? entry.path ?? `${entry.id}.json`;
    const file = path.resolve(scenariosDir, rel);
    const title = entry.title ?? readJson(file).title;
    return { id: entry.id, title, file };
  });
}

/** The case with this id, as parsed JSON, plus its file's text. */
export function loadCase(id) {
  const entry = loadIndex().find((e) => e.id === id);
  if (!entry) throw new Error(`scenarios/index.json has no case "${id}"`);
  const text = fs.readFileSync(entry.file, 'utf8');
  return { entry, text, data: JSON.parse(text) };
}

function outputOf(c, ref) {
  const tx = c.transactions.find((t) => t.id === ref.tx);
  return tx?.outputs?.[ref.vout];
}

/** The address an input spends from (the spent output's, or its own), if known. */
function inputAddress(c, input) {
  if (typeof input.address === 'string') return input.address;
  if (typeof input.tx === 'string') return outputOf(c, input)?.address;
  return undefined;
}

/** Addresses a transaction takes funds from. */
export function sourcesOf(c, tx) {
  const out = new Set();
  for (const input of tx.inputs ?? []) {
    const a = inputAddress(c, input);
    if (a) out.add(a);
  }
  for (const t of tx.transfers ?? []) out.add(t.from);
  return out;
}

/** Addresses a transaction pays. */
export function destinationsOf(tx) {
  const out = new Set();
  for (const o of tx.outputs ?? []) out.add(o.address);
  for (const t of tx.transfers ?? []) out.add(t.to);
  return out;
}

/**
 * Ids of the transactions touching `address`: UTXO transactions whose outputs pay
 * it or whose inputs spend from it; account transactions it sends, or whose
 * transfers are from or to it.
 */
export function transactionsTouching(c, address) {
  return c.transactions
    .filter((tx) => tx.sender === address || sourcesOf(c, tx).has(address) || destinationsOf(tx).has(address))
    .map((tx) => tx.id);
}

/** Addresses paid by the transactions that spend from `address` (itself excluded). */
export function paidBy(c, address) {
  const out = new Set();
  for (const tx of c.transactions) {
    if (!sourcesOf(c, tx).has(address)) continue;
    // On account chains only the transfers from this address move its funds.
    for (const o of tx.outputs ?? []) out.add(o.address);
    for (const t of tx.transfers ?? []) if (t.from === address) out.add(t.to);
  }
  out.delete(address);
  return [...out];
}

/** Addresses that paid `address` (itself excluded). */
export function payersOf(c, address) {
  const out = new Set();
  for (const tx of c.transactions) {
    if (!destinationsOf(tx).has(address)) continue;
    for (const input of tx.inputs ?? []) {
      const a = inputAddress(c, input);
      if (a) out.add(a);
    }
    for (const t of tx.transfers ?? []) if (t.to === address) out.add(t.from);
  }
  out.delete(address);
  return [...out];
}

/** Every path (`transactions[3].outputs[1].address`) whose value is `pred`-true. */
export function pathsWhere(value, pred, prefix = '') {
  const found = [];
  const walk = (v, p) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const kp = p ? `${p}.${k}` : k;
        if (pred(x, k, kp)) found.push(kp);
        walk(x, kp);
      }
    }
  };
  walk(value, prefix);
  return found;
}

function getPath(root, p) {
  const parts = p.match(/[^.[\]]+/g);
  let v = root;
  for (const part of parts.slice(0, -1)) v = v[/^\d+$/.test(part) ? Number(part) : part];
  const last = parts[parts.length - 1];
  return { parent: v, key: /^\d+$/.test(last) ? Number(last) : last };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** The address with one character in its data part changed, so its checksum fails. */
export function corruptChecksum(address) {
  const lower = address.toLowerCase();
  const bech = lower.startsWith('bc1') || lower.startsWith('tb1');
  const alphabet = bech ? BECH32 : BASE58;
  const i = Math.floor(address.length / 2);
  const ch = address[i];
  const pos = alphabet.indexOf(bech ? ch.toLowerCase() : ch);
  if (pos < 0) throw new Error(`cannot corrupt ${address}: ${ch} is not in its alphabet`);
  return address.slice(0, i) + alphabet[(pos + 1) % alphabet.length] + address.slice(i + 1);
}

/**
 * A copy of the case with three semantic errors (the JSON stays well-formed):
 * a duplicated transaction id, an address with a broken checksum (changed
 * everywhere it occurs, so only its syntax is wrong), and an asset reference to an
 * asset that does not exist. Returns the text and, for each error, the paths at
 * which the validator may report it.
 */
export function brokenCopy(c, startAddress) {
  const d = structuredClone(c);
  if (d.transactions.length < 3) throw new Error('the case needs at least 3 transactions');
  d.transactions[2].id = d.transactions[1].id;
  const duplicate = ['transactions[2].id'];

  const checksummed = new Set(d.chains.filter((ch) => ['bitcoin', 'tron'].includes(ch.id)).map((ch) => ch.id));
  const victim = d.addresses.find((a) => checksummed.has(a.chain) && a.address !== startAddress);
  if (!victim) throw new Error('the case has no bitcoin or tron address besides the start address to corrupt');
  const good = victim.address;
  const bad = corruptChecksum(good);
  const addressPaths = pathsWhere(d, (x) => x === good);
  for (const p of addressPaths) {
    const { parent, key } = getPath(d, p);
    parent[key] = bad;
  }
  // Arrays of plain strings (start.addresses, key_addresses, answers) hold it too.
  const inArrays = [];
  const walk = (v, p) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (x === good) {
          v[i] = bad;
          inArrays.push(`${p}[${i}]`);
        } else walk(x, `${p}[${i}]`);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    }
  };
  walk(d, '');

  const assetRefs = pathsWhere(d, (x, k, p) => k === 'asset' && typeof x === 'string' && !p.startsWith('assets['));
  if (assetRefs.length === 0) throw new Error('the case has no asset reference (transfers, opening_balances or answers) to break');
  const assetPath = assetRefs[0];
  const { parent, key } = getPath(d, assetPath);
  parent[key] = 'NO-SUCH-ASSET';

  return {
    text: JSON.stringify(d, null, 2),
    expected: {
      duplicate,
      address: [...addressPaths, ...inArrays],
      asset: [assetPath],
    },
    corrupted: { good, bad },
  };
}
