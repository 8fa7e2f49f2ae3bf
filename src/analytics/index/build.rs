//! Building an [`Index`] from a case in three passes over the transactions (in
//! replay order): outputs become coins, inputs are resolved to coins, transfers are
//! laid out; then each address's events are gathered with a counting sort.
//! Addresses are interned with a temporary open-addressing table keyed by an FNV
//! hash of the address key; the table is dropped once the index is built.

use std::collections::BTreeMap;

use super::*;

struct Interner<'c> {
    case: &'c Scenario,
    table: Table,
    spots: Vec<u64>,
}

impl<'c> Interner<'c> {
    fn intern(&mut self, spot: Spot, text: &str) -> AddrId {
        let case = self.case;
        let spots = &self.spots;
        let (id, new) = self.table.find_or_insert(fnv(key_bytes(text)), |id| {
            Spot::unpack(spots[id as usize])
                .text(case)
                .is_some_and(|t| same_key(t, text))
        });
        if new {
            self.spots.push(spot.pack());
        }
        id
    }
}

pub(super) fn build(case: &Scenario) -> Index {
    let n = case.transactions.len();
    let chains: Vec<ChainInfo> = case
        .chains
        .iter()
        .map(|c| ChainInfo {
            id: c.id.clone(),
            model: c.model,
        })
        .collect();
    let chain_of = |id: &str| {
        chains
            .iter()
            .position(|c| c.id == id)
            .map_or(NO_CHAIN, |i| i as u8)
    };
    let assets: Vec<AssetInfo> = case
        .assets
        .iter()
        .map(|a| AssetInfo {
            id: a.id.clone(),
            symbol: a.symbol.clone(),
            decimals: a.decimals,
            chain: Some(chain_of(&a.chain)).filter(|&c| c != NO_CHAIN),
            native: a.contract.is_none(),
        })
        .collect();
    // `extend`, not `collect`: no slice sort compiled in for it.
    let mut asset_of: BTreeMap<&str, AssetId> = BTreeMap::new();
    asset_of.extend(
        case.assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as AssetId)),
    );
    let native: Vec<Option<AssetId>> = (0..chains.len())
        .map(|c| {
            assets
                .iter()
                .position(|a| a.native && a.chain == Some(c as u8))
                .map(|i| i as AssetId)
        })
        .collect();

    // Replay order: time, block, file position.
    let mut keys: Vec<(UnixTime, u64, u32)> = case
        .transactions
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let time = parse_rfc3339(&t.time).unwrap_or(UnixTime::MIN);
            (time, t.block, i as u32)
        })
        .collect();
    crate::sort::sort_unstable(&mut keys);
    let tx_file: Vec<u32> = keys.iter().map(|k| k.2).collect();
    let time_base = keys
        .iter()
        .map(|k| k.0)
        .find(|&t| t != UnixTime::MIN)
        .unwrap_or(0);
    let tx_dt: Vec<u32> = keys
        .iter()
        .map(|k| u32::try_from(k.0.saturating_sub(time_base).max(0)).unwrap_or(u32::MAX))
        .collect();
    drop(keys);
    let mut rank_of_file = vec![0u32; n];
    for (r, &f) in tx_file.iter().enumerate() {
        rank_of_file[f as usize] = r as u32;
    }

    let mut names = Interner {
        case,
        table: Table::with_capacity(case.addresses.len() + n),
        spots: Vec::new(),
    };
    let mut addr_cat = Vec::new();
    for (i, a) in case.addresses.iter().enumerate() {
        let id = names.intern(Spot::Listed(i as u32), &a.address);
        if id as usize == addr_cat.len() {
            let cat = a.label.as_ref().map_or(NO_CATEGORY, |l| {
                Category::ALL
                    .iter()
                    .position(|c| *c == l.category)
                    .map_or(NO_CATEGORY, |p| p as u8)
            });
            addr_cat.push(cat);
        }
    }
    let mut openings = Vec::new();
    for (i, b) in case.opening_balances.iter().enumerate() {
        let a = names.intern(Spot::Balance(i as u32), &b.address);
        if let Some(&asset) = asset_of.get(b.asset.as_str()) {
            openings.push((a, asset, b.value.0));
        }
    }

    // Pass 1: per transaction its chain and flags, outputs as coins.
    let mut tx_chain = Vec::with_capacity(n);
    let mut tx_flags = Vec::with_capacity(n);
    let mut out_off = Vec::with_capacity(n + 1);
    let mut coin_addr = Vec::new();
    let mut coin_val = Values::default();
    for &f in &tx_file {
        let t = &case.transactions[f as usize];
        tx_chain.push(chain_of(&t.chain));
        let utxo = t.inputs.is_some() || t.outputs.is_some() || t.coinbase;
        tx_flags
            .push(if utxo { FLAG_UTXO } else { 0 } | if t.coinbase { FLAG_COINBASE } else { 0 });
        out_off.push(coin_addr.len() as u32);
        for (k, o) in t.outputs.iter().flatten().enumerate() {
            coin_addr.push(names.intern(Spot::Output(f, k as u32), &o.address));
            coin_val.push(o.value.0);
        }
    }
    out_off.push(coin_addr.len() as u32);
    let n_out_coins = coin_addr.len() as u32;

    // Transaction ids → file position of their first occurrence.
    let mut first_file: Vec<u32> = Vec::with_capacity(n);
    let mut tx_ids = Table::with_capacity(n);
    for (f, t) in case.transactions.iter().enumerate() {
        let (_, new) = tx_ids.find_or_insert(fnv(t.id.bytes()), |i| {
            case.transactions[first_file[i as usize] as usize].id == t.id
        });
        if new {
            first_file.push(f as u32);
        }
    }
    let rank_of_id = |id: &str| -> Option<usize> {
        tx_ids
            .find(fnv(id.bytes()), |i| {
                case.transactions[first_file[i as usize] as usize].id == id
            })
            .map(|i| rank_of_file[first_file[i as usize] as usize] as usize)
    };

    // Pass 2: inputs, resolved to the coins they spend. An input may only spend an
    // output of an earlier transaction, and each output only once.
    let mut in_off = Vec::with_capacity(n + 1);
    let mut inputs = Vec::new();
    let mut coin_spender = vec![NONE; coin_addr.len()];
    for (r, &f) in tx_file.iter().enumerate() {
        in_off.push(inputs.len() as u32);
        let t = &case.transactions[f as usize];
        for (k, inp) in t.inputs.iter().flatten().enumerate() {
            let coin = match (&inp.tx, inp.vout, &inp.address, inp.value) {
                (Some(prev), Some(vout), _, _) => {
                    rank_of_id(prev).filter(|&pr| pr < r).and_then(|pr| {
                        let c = out_off[pr].checked_add(vout)?;
                        (c < out_off[pr + 1] && coin_spender[c as usize] == NONE).then_some(c)
                    })
                }
                (None, None, Some(address), Some(value)) => {
                    let c = coin_addr.len() as CoinId;
                    coin_addr.push(names.intern(Spot::ExtInput(f, k as u32), address));
                    coin_val.push(value.0);
                    coin_spender.push(NONE);
                    Some(c)
                }
                _ => None,
            };
            if let Some(c) = coin {
                coin_spender[c as usize] = r as TxId;
            }
            inputs.push(coin.unwrap_or(NONE));
        }
    }
    in_off.push(inputs.len() as u32);
    drop(tx_ids);
    finish(
        case,
        Parts {
            chains,
            assets,
            asset_of,
            native,
            tx_file,
            time_base,
            tx_dt,
            tx_chain,
            tx_flags,
            in_off,
            inputs,
            out_off,
            coin_addr,
            coin_val,
            coin_spender,
            n_out_coins,
            names,
            addr_cat,
            openings,
        },
    )
}

struct Parts<'c> {
    chains: Vec<ChainInfo>,
    assets: Vec<AssetInfo>,
    asset_of: BTreeMap<&'c str, AssetId>,
    native: Vec<Option<AssetId>>,
    tx_file: Vec<u32>,
    time_base: UnixTime,
    tx_dt: Vec<u32>,
    tx_chain: Vec<u8>,
    tx_flags: Vec<u8>,
    in_off: Vec<u32>,
    inputs: Vec<CoinId>,
    out_off: Vec<u32>,
    coin_addr: Vec<AddrId>,
    coin_val: Values,
    coin_spender: Vec<TxId>,
    n_out_coins: u32,
    names: Interner<'c>,
    addr_cat: Vec<u8>,
    openings: Vec<(AddrId, AssetId, u128)>,
}

/// Pass 3 (transfers) and the per-address events.
fn finish(case: &Scenario, p: Parts<'_>) -> Index {
    let Parts {
        chains,
        assets,
        asset_of,
        native,
        tx_file,
        time_base,
        tx_dt,
        tx_chain,
        tx_flags,
        in_off,
        inputs,
        out_off,
        coin_addr,
        coin_val,
        coin_spender,
        n_out_coins,
        mut names,
        mut addr_cat,
        openings,
    } = p;
    let n = tx_file.len();
    let mut xf_off = Vec::with_capacity(n + 1);
    let (mut xf_from, mut xf_to, mut xf_asset) = (Vec::new(), Vec::new(), Vec::new());
    let mut xf_val = Values::default();
    for (r, &f) in tx_file.iter().enumerate() {
        xf_off.push(xf_from.len() as u32);
        let t = &case.transactions[f as usize];
        for (k, tr) in t.transfers.iter().flatten().enumerate() {
            xf_from.push(names.intern(Spot::From(f, k as u32), &tr.from));
            xf_to.push(names.intern(Spot::To(f, k as u32), &tr.to));
            xf_asset.push(asset_of.get(tr.asset.as_str()).copied().unwrap_or(NO_ASSET));
            xf_val.push(tr.value.0);
        }
        let native_asset = native.get(usize::from(tx_chain[r])).copied().flatten();
        if let (Some(sender), Some(fee), Some(asset)) = (&t.sender, t.fee, native_asset) {
            if fee.0 > 0 {
                xf_from.push(names.intern(Spot::Sender(f), sender));
                xf_to.push(NONE);
                xf_asset.push(asset);
                xf_val.push(fee.0);
            }
        }
    }
    xf_off.push(xf_from.len() as u32);
    if xf_from.is_empty() {
        // A case without account transactions needs no transfer offsets.
        xf_off = Vec::new();
    }
    let mut extra_spots = Vec::new();
    let addr_spot: Vec<u32> = names
        .spots
        .iter()
        .map(|&packed| match Spot::unpack(packed) {
            Spot::Listed(i) if i & SPOT_EXTRA == 0 => i,
            _ => {
                extra_spots.push(packed);
                (extra_spots.len() as u32 - 1) | SPOT_EXTRA
            }
        })
        .collect();
    drop(names);
    let n_addr = addr_spot.len();
    addr_cat.resize(n_addr, NO_CATEGORY);

    // Events per address (counting sort): coins received, transfers sent/received.
    let mut ev_off = vec![0u32; n_addr + 1];
    for &a in &coin_addr {
        ev_off[a as usize + 1] += 1;
    }
    for (x, &from) in xf_from.iter().enumerate() {
        ev_off[from as usize + 1] += 1;
        let to = xf_to[x];
        if to != NONE && to != from {
            ev_off[to as usize + 1] += 1;
        }
    }
    for a in 0..n_addr {
        ev_off[a + 1] += ev_off[a];
    }
    let mut fill = ev_off.clone();
    let mut events = vec![0u32; ev_off[n_addr] as usize];
    let mut put = |a: AddrId, e: u32| {
        let slot = &mut fill[a as usize];
        events[*slot as usize] = e;
        *slot += 1;
    };
    for (c, &a) in coin_addr.iter().enumerate() {
        put(a, c as u32);
    }
    for (x, &from) in xf_from.iter().enumerate() {
        put(from, x as u32 | TRANSFER_BIT);
        let to = xf_to[x];
        if to != NONE && to != from {
            put(to, x as u32 | TRANSFER_BIT);
        }
    }
    drop(fill);

    let mut index = Index {
        chains,
        assets,
        native,
        tx_file,
        time_base,
        tx_dt,
        tx_chain,
        tx_flags,
        in_off,
        inputs,
        out_off,
        xf_off,
        coin_addr,
        coin_val,
        coin_spender,
        n_out_coins,
        xf_from,
        xf_to,
        xf_asset,
        xf_val,
        openings,
        addr_spot,
        extra_spots,
        addr_cat,
        ev_off,
        events,
    };
    // Output coins and transfers are numbered in time order already; external
    // coins come last, so only an address that has one (or, oddly, both coins and
    // transfers) needs its events re-sorted.
    let mut events = std::mem::take(&mut index.events);
    let n_out = index.n_out_coins;
    for a in 0..n_addr {
        let slice = &mut events[index.ev_off[a] as usize..index.ev_off[a + 1] as usize];
        let external = slice.iter().any(|&e| e & TRANSFER_BIT == 0 && e >= n_out);
        let mixed = slice.iter().any(|&e| e & TRANSFER_BIT != 0)
            && slice.iter().any(|&e| e & TRANSFER_BIT == 0);
        if external || mixed {
            crate::sort::sort_unstable_by_key(slice, |e| {
                let ev = if e & TRANSFER_BIT != 0 {
                    Event::Transfer(e & !TRANSFER_BIT)
                } else {
                    Event::Coin(*e)
                };
                (index.event_tx(ev), *e)
            });
        }
    }
    index.events = events;
    index.shrink();
    index
}
