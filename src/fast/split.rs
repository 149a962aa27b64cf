//! Reading one file on two threads. The text is cut at a line start; the thread of the
//! first part also places the distinct ballots that the second part meets first, which the
//! second part shows it as it reads ([`Publisher`]), so that both parts' distinct ballots
//! stand in file order when the second part is done, exactly as one pass would leave them.
//! The reader adds the second part's weights and lines at the end.

use std::ops::Range;
use std::sync::mpsc::{channel, Receiver, Sender};

/// How often (in lines) the second part shows the distinct ballots it met since the last
/// time to the first part's thread.
pub(crate) const PUBLISH_LINES: u64 = 1 << 13;

/// The start of the first line that begins after byte `at` of `text` (past the line feed at
/// or after `at`), or `None` when no line starts after it: where to cut `text` near `at`.
#[inline]
pub(crate) fn line_start_after(text: &[u8], at: usize) -> Option<usize> {
    let line_end = super::csv::find_newline(text, at.min(text.len()));
    (line_end + 1 < text.len()).then_some(line_end + 1)
}

/// The part read on the second thread shows the first part's thread what it met first,
/// through this.
pub(crate) struct Publisher<T> {
    sender: Sender<T>,
    /// How many distinct ballots were shown so far.
    shown: usize,
}

impl<T> Publisher<T> {
    /// Shows the distinct ballots from the last one shown up to `len` (`new(range)` makes
    /// what is sent of them), when there are any.
    #[inline]
    pub(crate) fn publish(&mut self, len: usize, new: impl FnOnce(Range<usize>) -> T) {
        if len > self.shown {
            // The first part stops listening only when it has failed (or met what makes
            // the reader read the whole file again in one pass).
            let _ = self.sender.send(new(self.shown..len));
            self.shown = len;
        }
    }
}

/// Runs `first` on this thread and `second` on another, and returns both results; `second`
/// shows `first` the distinct ballots it meets through a [`Publisher`], which `first`
/// receives until `second` is done.
pub(crate) fn in_two_parts<T, A, B>(
    first: impl FnOnce(Receiver<T>) -> A,
    second: impl FnOnce(Publisher<T>) -> B + Send,
) -> (A, B)
where
    T: Send,
    B: Send,
{
    let (sender, receiver) = channel::<T>();
    crate::parallel::join(
        || first(receiver),
        move || second(Publisher { sender, shown: 0 }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_on_line_starts() {
        let text = b"ab\ncd\nef\n";
        assert_eq!(line_start_after(text, 0), Some(3));
        assert_eq!(line_start_after(text, 2), Some(3));
        assert_eq!(line_start_after(text, 3), Some(6));
        // No line starts after the last line feed.
        assert_eq!(line_start_after(text, 7), None);
        assert_eq!(line_start_after(b"no line feed", 2), None);
        assert_eq!(line_start_after(b"", 0), None);
    }

    #[test]
    fn the_first_part_receives_everything_published_in_order() {
        let (received, ()) = in_two_parts(
            |receiver: Receiver<Range<usize>>| receiver.into_iter().collect::<Vec<_>>(),
            |mut publisher| {
                publisher.publish(0, |r| r);
                publisher.publish(3, |r| r);
                publisher.publish(3, |r| r);
                publisher.publish(5, |r| r);
            },
        );
        assert_eq!(received, vec![0..3, 3..5]);
    }
}
