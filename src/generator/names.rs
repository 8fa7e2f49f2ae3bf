//! Fictitious but plausible names: services, people, places.
//!
//! Every name here is invented for training. Services get names that sound like
//! the real trade (exchanges, OTC desks, mixers, bridges); account holders get
//! ordinary names from several countries, since mules and straw men are rarely who
//! the case is about. IP addresses come from the documentation ranges (RFC 5737),
//! e-mail addresses from the reserved `example.*` domains and phone numbers from
//! ranges set aside for drama, so nothing points at a real person.

use super::rng::Rng;

pub const EXCHANGES: &[(&str, &str)] = &[
    ("Northwind Exchange", "Estonia"),
    ("Altmark Digital", "Germany"),
    ("Bluefjord Exchange", "Norway"),
    ("Coinvale", "Cyprus"),
    ("Meridian Trade", "Ireland"),
    ("Lumen Exchange", "Lithuania"),
    ("Saltire Crypto", "United Kingdom"),
    ("Orbis Exchange", "Seychelles"),
    ("Tessera Markets", "Malta"),
    ("Quayside Bitcoin", "Netherlands"),
    ("Pinecrest Exchange", "Canada"),
    ("Halcyon Coin", "Singapore"),
];

pub const OTC_DESKS: &[(&str, &str)] = &[
    ("Silkline OTC", "United Arab Emirates"),
    ("Cedar Gate OTC", "Hong Kong"),
    ("Amberway Brokers", "Turkey"),
    ("Lotus Bridge Trading", "Cambodia"),
];

pub const MIXERS: &[&str] = &[
    "Fogbank Cash",
    "Murkwater",
    "Driftnet Mixer",
    "Blackwell Pool",
];
pub const COINJOIN: &[&str] = &[
    "Eddy (CoinJoin coordinator)",
    "Whorl (CoinJoin coordinator)",
];
pub const DEXES: &[&str] = &["Riverswap", "Tidepool DEX", "Quarry Swap"];
pub const BRIDGES: &[&str] = &["Arcspan Bridge", "Portico Bridge", "Keystone Bridge"];
pub const SWAPS: &[(&str, &str)] = &[
    ("QuickFlip Swap", "Seychelles"),
    ("Swapzen", "Saint Vincent and the Grenadines"),
    ("FlashTrade Instant", "Belize"),
];
pub const MARKETS: &[&str] = &["Nightjar Market", "Hydrowave Market", "Greyfen Bazaar"];
pub const MERCHANTS: &[(&str, &str)] = &[
    ("CardLoop Gift Cards", "gift cards"),
    ("Nordhaven VPS", "hosting"),
    ("Pixelbay Games", "games"),
    ("Brewline Coffee", "coffee roaster"),
    ("Voltcell Electronics", "electronics"),
    ("Skyway Travel", "travel agency"),
    ("Mintleaf Pharmacy", "pharmacy"),
    ("Keyforge VPN", "VPN service"),
];
pub const CHARITIES: &[&str] = &[
    "\"Relief Bridge\" campaign",
    "\"Brothers' Aid\" appeal",
    "\"Olive Branch Fund\" appeal",
];

const FIRST: &[&str] = &[
    "Daniel",
    "Marta",
    "Oleksandr",
    "Aisha",
    "Jonas",
    "Chloe",
    "Rafael",
    "Ines",
    "Tomasz",
    "Yara",
    "Callum",
    "Sofia",
    "Mehmet",
    "Anja",
    "Lucas",
    "Nadia",
    "Pieter",
    "Leila",
    "Arjun",
    "Freya",
    "Mateo",
    "Elif",
    "Kwame",
    "Hanna",
];
const LAST: &[&str] = &[
    "Novak",
    "Brennan",
    "Kowalczyk",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Petrenko",
    "Okafor",
    "Schreiber",
    "Costa",
    "Yilmaz",
    "Van Dijk",
    "Murray",
    "Ferreira",
    "Nielsen",
    "Rossi",
    "Kaya",
    "Sato",
    "Dubois",
    "Walsh",
    "Mensah",
    "Ivanova",
];
const NATIONALITIES: &[(&str, &str)] = &[
    ("British", "United Kingdom"),
    ("Irish", "Ireland"),
    ("Polish", "Poland"),
    ("Ukrainian", "Ukraine"),
    ("Dutch", "Netherlands"),
    ("German", "Germany"),
    ("Portuguese", "Portugal"),
    ("Turkish", "Turkey"),
    ("Nigerian", "Nigeria"),
    ("Romanian", "Romania"),
    ("Italian", "Italy"),
    ("French", "France"),
];
const ELSEWHERE: &[&str] = &[
    "Netherlands",
    "Singapore",
    "Cambodia",
    "United Arab Emirates",
    "Turkey",
    "Georgia",
    "Thailand",
];

/// A made-up person for a KYC record.
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub country: String,
    pub email: String,
    pub phone: String,
}

pub fn person(rng: &mut Rng) -> Person {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    let (nat, country) = *rng.pick(NATIONALITIES);
    let year = rng.range(1968, 2004);
    let month = rng.range(1, 12);
    let day = rng.range(1, 28);
    let handle = format!(
        "{}.{}{}",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase().replace(' ', ""),
        rng.range(1, 99)
    );
    let domain = *rng.pick(&["example.com", "example.net", "example.org"]);
    Person {
        name: format!("{first} {last}"),
        date_of_birth: format!("{year:04}-{month:02}-{day:02}"),
        nationality: nat.to_string(),
        country: country.to_string(),
        email: format!("{handle}@{domain}"),
        phone: format!("+44 7700 900{:03}", rng.range(0, 999)),
    }
}

/// A country from which criminals' logins often come (VPN exits and hubs).
pub fn elsewhere(rng: &mut Rng) -> &'static str {
    let country: &&'static str = rng.pick(ELSEWHERE);
    country
}

/// An IPv4 address from the documentation ranges.
pub fn ip(rng: &mut Rng) -> String {
    let prefix = *rng.pick(&["192.0.2", "198.51.100", "203.0.113"]);
    format!("{prefix}.{}", rng.range(2, 254))
}

/// Picks `n` distinct entries of `items` (all of them if fewer).
pub fn distinct<T: Copy>(rng: &mut Rng, items: &[T], n: usize) -> Vec<T> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    rng.shuffle(&mut idx);
    idx.into_iter().take(n).map(|i| items[i]).collect()
}
