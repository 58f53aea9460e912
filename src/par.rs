//! Pure work spread over the cores: parsing a sync file's revisions, decoding and projecting records,
//! computing deadlines. SQLite stays on the calling thread; only what needs no connection comes here.

/// `f` over `items` on every core (at most 8), results in the order of `items`. Fewer than `min` items, or a
/// single core, stay on the calling thread. A panic in `f` is a panic here, as in a plain loop.
pub fn map<T: Sync, U: Send>(items: &[T], min: usize, f: impl Fn(usize, &T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || items.len() < min.max(2) {
        return items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, t)| f(c * chunk + i, t))
                        .collect::<Vec<U>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items_and_their_indexes() {
        let items: Vec<u32> = (0..10_001).collect();
        let out = super::map(&items, 10, |i, x| (i as u32, x * 2));
        assert_eq!(out.len(), items.len());
        assert!(out
            .iter()
            .enumerate()
            .all(|(i, &(j, y))| j as usize == i && y == 2 * i as u32));
        // Below the threshold, on this thread: the same answer.
        assert_eq!(
            super::map(&items[..5], 10, |_, x| x + 1),
            vec![1, 2, 3, 4, 5]
        );
    }
}
