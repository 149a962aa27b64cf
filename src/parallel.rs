//! Running two pieces of work at once, on this thread and one other.

/// Runs `here` on this thread and `there` on another, and returns both results; a panic in
/// either is passed on.
pub fn join<A, B, RA, RB>(here: A, there: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    std::thread::scope(|scope| {
        let other = scope.spawn(there);
        let mine = here();
        match other.join() {
            Ok(theirs) => (mine, theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Runs `work` on every item of `items`, on this thread and one other: each thread takes the
/// next item when it has finished one, so a thread slowed by other work takes fewer.
/// `scratch` makes each thread's own working space. A panic in either is passed on.
pub fn for_each_shared<I, S, W>(items: I, scratch: impl Fn() -> S + Sync, work: W)
where
    I: Iterator + Send,
    W: Fn(&mut S, I::Item) + Sync,
{
    let items = std::sync::Mutex::new(items);
    let run = || {
        let mut space = scratch();
        loop {
            // A poisoned lock means the other thread panicked; `join` passes that panic on.
            let next = items
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            match next {
                Some(item) => work(&mut space, item),
                None => break,
            }
        }
    };
    join(run, run);
}

/// Whether the machine has at least two cores to share work between.
pub fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// The input size from which a reader splits its work over two threads: `default`, except
/// in fuzz builds (`--cfg fuzzing`, set by cargo fuzz), where [`set_split_from`] can lower it
/// so that small inputs take the two-half path and can be compared with the one-pass read.
#[inline]
pub(crate) fn split_from(default: usize) -> usize {
    #[cfg(fuzzing)]
    if let Some(bytes) = SPLIT_FROM.with(std::cell::Cell::get) {
        return bytes;
    }
    default
}

#[cfg(fuzzing)]
thread_local! {
    static SPLIT_FROM: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Fuzz builds only: on this thread, readers split inputs of at least `bytes` bytes over two
/// threads (`None`: their usual sizes). See `fuzz/` and docs/fuzzing.md.
#[cfg(fuzzing)]
pub fn set_split_from(bytes: Option<usize>) {
    SPLIT_FROM.with(|s| s.set(bytes));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_in_order() {
        let data = [1u64, 2, 3, 4];
        let (a, b) = join(
            || data[..2].iter().sum::<u64>(),
            || data[2..].iter().sum::<u64>(),
        );
        assert_eq!((a, b), (3, 7));
    }

    #[test]
    fn shared_items_are_each_worked_once() {
        let mut out = vec![0u64; 1000];
        let calls = std::sync::atomic::AtomicUsize::new(0);
        for_each_shared(
            out.iter_mut().enumerate(),
            || (),
            |_, (i, slot)| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                *slot += i as u64 * 3;
            },
        );
        assert_eq!(calls.into_inner(), 1000);
        assert!(out.iter().enumerate().all(|(i, &v)| v == i as u64 * 3));
    }

    #[test]
    #[should_panic(expected = "other thread")]
    fn a_panic_on_the_other_thread_is_passed_on() {
        let _ = join(|| 1, || -> u32 { panic!("other thread") });
    }
}
