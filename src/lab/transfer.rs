//! Moving an opened case from the lab worker to the page in parts.
//!
//! A case of 100,000 transactions is about 100 MB of JSON. Reading it in one go
//! on the page would stop the page for seconds, so the worker, which has read and
//! checked it, sends it in parts of about [`PART_BYTES`]: first the head (the
//! case without its four long lists: entities, addresses, opening balances and
//! transactions), then consecutive runs of each list as JSON arrays. The page
//! parses one part per message ([`Assembler`]), so no single task on the page
//! parses more than a part, and the case it rebuilds is equal to the worker's.

use serde::Serialize;

use super::protocol::{Event, Part, Progress, Stage};
use crate::scenario::{AddressEntry, Balance, Entity, Scenario, Transaction};

/// About how much JSON one part carries (512 KiB): parsing it on the page takes
/// 20 to 40 ms in wasm, so the page keeps answering between parts.
pub const PART_BYTES: usize = 1 << 19;

/// Sends `case` to the page as parts through `emit`, with progress counted in
/// list elements. The long lists are taken out for the head and put back, so the
/// worker keeps the case whole.
pub fn send(case: &mut Scenario, emit: &mut dyn FnMut(Event)) {
    let entities = std::mem::take(&mut case.entities);
    let addresses = std::mem::take(&mut case.addresses);
    let balances = std::mem::take(&mut case.opening_balances);
    let transactions = std::mem::take(&mut case.transactions);
    // Serializing the model's own types into memory cannot fail.
    let head = serde_json::to_string(case).unwrap_or_default();
    let total = (entities.len() + addresses.len() + balances.len() + transactions.len()) as u64;
    let mut sent = 0u64;
    emit(Event::Part(Part::Head(head)));
    send_list(&entities, Part::Entities, &mut sent, total, emit);
    send_list(&addresses, Part::Addresses, &mut sent, total, emit);
    send_list(&balances, Part::Balances, &mut sent, total, emit);
    send_list(&transactions, Part::Transactions, &mut sent, total, emit);
    case.entities = entities;
    case.addresses = addresses;
    case.opening_balances = balances;
    case.transactions = transactions;
}

fn send_list<T: Serialize>(
    items: &[T],
    part: fn(String) -> Part,
    sent: &mut u64,
    total: u64,
    emit: &mut dyn FnMut(Event),
) {
    let mut buffer = Vec::with_capacity(PART_BYTES + PART_BYTES / 4);
    let mut flush = |buffer: &mut Vec<u8>, sent: u64| {
        buffer.push(b']');
        let json = String::from_utf8(std::mem::take(buffer)).unwrap_or_default();
        emit(Event::Progress(Progress {
            stage: Stage::Sending,
            done: sent,
            total,
        }));
        emit(Event::Part(part(json)));
    };
    for item in items {
        buffer.push(if buffer.is_empty() { b'[' } else { b',' });
        let _ = serde_json::to_writer(&mut buffer, item);
        *sent += 1;
        if buffer.len() >= PART_BYTES {
            flush(&mut buffer, *sent);
        }
    }
    if !buffer.is_empty() {
        flush(&mut buffer, *sent);
    }
}

/// Rebuilds on the page the case that [`send`] sent, one part at a time.
#[derive(Default)]
pub struct Assembler {
    head: Option<Scenario>,
    entities: Vec<Entity>,
    addresses: Vec<AddressEntry>,
    balances: Vec<Balance>,
    transactions: Vec<Transaction>,
    /// List elements received so far (the progress the page shows).
    pub received: u64,
}

impl Assembler {
    /// Takes one part; a part that does not parse is a bug between the two sides
    /// (or a damaged build), reported in words.
    pub fn add(&mut self, part: Part) -> Result<(), String> {
        let damaged = |e: serde_json::Error| format!("a part of the case arrived damaged: {e}");
        match part {
            Part::Head(json) => self.head = Some(serde_json::from_str(&json).map_err(damaged)?),
            Part::Entities(json) => extend(&mut self.entities, &json, &mut self.received)?,
            Part::Addresses(json) => extend(&mut self.addresses, &json, &mut self.received)?,
            Part::Balances(json) => extend(&mut self.balances, &json, &mut self.received)?,
            Part::Transactions(json) => extend(&mut self.transactions, &json, &mut self.received)?,
        }
        Ok(())
    }

    /// The whole case, once every part is in.
    pub fn finish(self) -> Result<Scenario, String> {
        let mut case = self
            .head
            .ok_or_else(|| "the case arrived without its head".to_string())?;
        case.entities = self.entities;
        case.addresses = self.addresses;
        case.opening_balances = self.balances;
        case.transactions = self.transactions;
        Ok(case)
    }
}

fn extend<T: serde::de::DeserializeOwned>(
    list: &mut Vec<T>,
    json: &str,
    received: &mut u64,
) -> Result<(), String> {
    let items: Vec<T> = serde_json::from_str(json)
        .map_err(|e| format!("a part of the case arrived damaged: {e}"))?;
    *received += items.len() as u64;
    list.extend(items);
    Ok(())
}
