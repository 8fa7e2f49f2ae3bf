//! Stable sorting with one compiled copy of the sort algorithm in the wasm bundle.
//!
//! The standard library's sorts are generic: every call site with its own element
//! type or comparison closure compiles its own copy of driftsort or ipnsort, a few
//! kilobytes each. Across the core and the app that added tens of kilobytes to the
//! bundle, which has a hard size budget. In wasm these helpers sort a permutation
//! of `u32` indices through a `dyn` comparison (so one sort instance serves every
//! call) and then move the elements into place by following the permutation's
//! cycles (a few hundred bytes per element type). Natively, where speed matters
//! and size does not, they call the standard stable sort directly.
//!
//! Both paths are stable, so they give the same order for any comparison: code
//! that must produce identical output in wasm and natively (the generator, taint)
//! can use them safely.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `v` by `cmp`, keeping equal elements in their original order.
pub fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
    #[cfg(target_arch = "wasm32")]
    {
        let mut cmp = cmp;
        let mut order: Vec<u32> = (0..v.len() as u32).collect();
        sort_indices(&mut order, &mut |a, b| cmp(&v[a as usize], &v[b as usize]));
        permute(v, &mut order);
    }
}

/// Sorts `v` by the key `f` gives, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` in ascending order, stably.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The items as a set, inserted one by one. `collect()` into a `BTreeSet` sorts
/// them first, with its own copy of the std stable sort for each element type (a
/// few KB each in the wasm bundle); the set is the same.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The pairs as a map, inserted one by one (the last value for a key wins, as
/// with `collect()`), for the same reason as [`set`].
pub fn map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// Sorts `v` in ascending order where equal elements cannot be told apart (plain
/// numbers, tuples of them), so any sort gives the same order: natively the
/// standard unstable sort, which is faster; in wasm the one stable instance.
pub fn sort_unstable<T: Ord>(v: &mut [T]) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable();
    #[cfg(target_arch = "wasm32")]
    sort(v);
}

/// [`sort_unstable`] by a comparison that tells unequal elements apart.
pub fn sort_unstable_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable_by(cmp);
    #[cfg(target_arch = "wasm32")]
    sort_by(v, cmp);
}

/// [`sort_unstable`] by a key that tells unequal elements apart.
pub fn sort_unstable_by_key<T, K: Ord>(v: &mut [T], f: impl FnMut(&T) -> K) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable_by_key(f);
    #[cfg(target_arch = "wasm32")]
    sort_by_key(v, f);
}

/// The one sort instance: `u32` indices compared through a `dyn` closure.
#[cfg(target_arch = "wasm32")]
#[inline(never)]
fn sort_indices(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Rearranges `v` so that position `i` holds what was at `order[i]`, by walking
/// each cycle of the permutation with swaps (`order` is used up as the marker).
#[cfg(any(target_arch = "wasm32", test))]
fn permute<T>(v: &mut [T], order: &mut [u32]) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    proptest! {
        #[test]
        fn set_and_map_equal_collect(pairs in prop::collection::vec((0u8..20, any::<u16>()), 0..100)) {
            let keys = pairs.iter().map(|p| p.0);
            prop_assert_eq!(super::set(keys.clone()), keys.collect::<BTreeSet<_>>());
            // Repeated keys: the last value wins in both.
            prop_assert_eq!(super::map(pairs.clone()), pairs.into_iter().collect::<BTreeMap<_, _>>());
        }
    }

    proptest! {
        #[test]
        fn permute_equals_gathering(keys in prop::collection::vec(any::<u16>(), 0..200)) {
            // A random permutation: the indices ordered by random keys.
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            order.sort_by_key(|&i| keys[i as usize]);
            let v: Vec<String> = (0..keys.len()).map(|i| format!("e{i}")).collect();
            let gathered: Vec<String> = order.iter().map(|&i| v[i as usize].clone()).collect();
            let mut moved = v.clone();
            permute(&mut moved, &mut order.clone());
            prop_assert_eq!(moved, gathered);
        }
    }

    #[test]
    fn permute_places_each_element_where_the_order_says() {
        let cases: &[&[u32]] = &[
            &[],
            &[0],
            &[1, 0],
            &[2, 0, 1],
            &[1, 2, 0],
            &[3, 2, 1, 0, 4],
            &[4, 0, 3, 1, 2],
        ];
        for order in cases {
            let mut v: Vec<u32> = (0..order.len() as u32).map(|i| i * 10).collect();
            let expected: Vec<u32> = order.iter().map(|&i| i * 10).collect();
            permute(&mut v, &mut order.to_vec());
            assert_eq!(v, expected, "order {order:?}");
        }
    }
}
