//! A parallel map that hands results back in input order with bounded memory.
//!
//! A reader thread pulls items and spawns one rayon task per item, but only
//! while fewer than `window` items are in flight or waiting to be emitted; the
//! calling thread puts results back in order and emits them. So memory holds
//! at most `window` inputs and results, however long the input is, and the
//! output is the same for any number of threads.

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

/// Whether to keep going after emitting a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Maps `work` over the items of `items()` on `threads` threads and calls
/// `emit` with each result in item order (`Err` holds the message of a
/// panic in `work`, so one bad input cannot take down the others).
///
/// `items` runs on its own thread, so it may block (reading stdin) while
/// finished results are emitted. `emit` returning [`Flow::Stop`] stops
/// reading items; the ones in flight finish and are dropped.
pub fn map_ordered<I, It, T, R, W, E>(
    threads: usize,
    window: usize,
    items: I,
    work: W,
    mut emit: E,
) -> anyhow::Result<()>
where
    I: FnOnce() -> It + Send,
    It: Iterator<Item = T>,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    E: FnMut(Result<R, String>) -> Flow,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("poa-ocr-worker-{i}"))
        .build()?;
    // One token per item in flight or waiting: the reader blocks when
    // `window` tokens are out, and each emitted result gives one back.
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(window.max(1));
    let (res_tx, res_rx) = mpsc::channel::<(usize, Result<R, String>)>();
    let work = &work;
    let pool = &pool;
    std::thread::scope(|threads| {
        threads.spawn(move || {
            pool.in_place_scope_fifo(|scope| {
                for (i, item) in items().enumerate() {
                    if slot_tx.send(()).is_err() {
                        break; // the emitter stopped
                    }
                    let tx = res_tx.clone();
                    scope.spawn_fifo(move |_| {
                        let result =
                            catch_unwind(AssertUnwindSafe(|| work(item))).map_err(panic_message);
                        // The emitter may have stopped; nothing to do then.
                        let _ = tx.send((i, result));
                    });
                }
                drop(res_tx);
            });
        });
        let mut waiting: BTreeMap<usize, Result<R, String>> = BTreeMap::new();
        let mut next = 0usize;
        'recv: for (i, result) in res_rx.iter() {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                let flow = emit(result);
                let _ = slot_rx.recv();
                if flow == Flow::Stop {
                    break 'recv;
                }
            }
        }
        // Unblocks the reader if it is waiting for a slot.
        drop(slot_rx);
        drop(res_rx);
    });
    Ok(())
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    format!("internal error (please report it): the parser panicked: {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn order_is_kept_and_window_bounds_in_flight() {
        let in_flight = AtomicUsize::new(0);
        let max_seen = AtomicUsize::new(0);
        let mut out = vec![];
        map_ordered(
            4,
            3,
            || 0..200u64,
            |i| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_seen.fetch_max(now, Ordering::SeqCst);
                // Later items finish first, to exercise the reordering.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) % 7 * 50));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                i * 2
            },
            |r| {
                out.push(r.unwrap());
                Flow::Continue
            },
        )
        .unwrap();
        assert_eq!(out, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        assert!(max_seen.load(Ordering::SeqCst) <= 3);
    }

    #[test]
    fn stop_and_panics() {
        let mut out = vec![];
        map_ordered(
            2,
            4,
            || 0..1_000_000u32,
            |i| {
                if i == 2 {
                    panic!("boom");
                }
                i
            },
            |r| {
                out.push(r);
                if out.len() == 5 {
                    Flow::Stop
                } else {
                    Flow::Continue
                }
            },
        )
        .unwrap();
        assert_eq!(out.len(), 5);
        assert!(out[2].as_ref().unwrap_err().contains("boom"));
        assert_eq!(out[4], Ok(4));
    }
}
