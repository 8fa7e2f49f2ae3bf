//! Browser storage (`localStorage`) that never panics: every call returns a
//! typed result, with the browser's exception read as a core [`Fault`].
//!
//! Browsers throw where one might not expect it: reading `window.localStorage`
//! itself throws `SecurityError` when the trainee blocks site data (gloo's
//! `LocalStorage::raw()` panics there, which took the whole app down), and
//! `setItem` throws `QuotaExceededError` when the quota is used up. Every use of
//! storage in the app goes through here: autosave, its side slot, the theme. What
//! to do about a fault is decided in the core (`autosave`).

use wasm_bindgen::JsValue;

use crate::autosave::Fault;

/// The page's storage, or why there is none.
fn area() -> Result<web_sys::Storage, Fault> {
    match gloo::utils::window().local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(Fault::Blocked),
        Err(e) => Err(fault(&e)),
    }
}

/// The fault a thrown `DOMException` stands for, by its name.
fn fault(e: &JsValue) -> Fault {
    let name = js_sys::Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "SecurityError" => Fault::Blocked,
        // Firefox's older name for the same thing.
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => Fault::Full,
        _ => Fault::Other,
    }
}

/// The text under `key`; `Ok(None)` when there is none.
pub fn get(key: &str) -> Result<Option<String>, Fault> {
    area()?.get_item(key).map_err(|e| fault(&e))
}

pub fn set(key: &str, value: &str) -> Result<(), Fault> {
    area()?.set_item(key, value).map_err(|e| fault(&e))
}

pub fn remove(key: &str) -> Result<(), Fault> {
    area()?.remove_item(key).map_err(|e| fault(&e))
}
