//! A page's rendering budget: time and output size. A theme is code written by someone else,
//! and two nested `range(end=100000)` loops would run until killed, or fill memory until the
//! process aborts. Tera has no budget of its own, so the two places where a runaway
//! template spends (the output it writes and the numbers `range` makes) check one here, and
//! rendering ends in an error that names the template and the page.

use crate::source::settings::Budget;
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Numbers `range` may make for one page, all calls together: a theme's own loops over
/// counts are small, and a nested pair of big ranges is stopped before it costs seconds.
const RANGE_ELEMENTS: u64 = 1_000_000;

/// Which limit a page went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Time(Duration),
    Size(u64),
    Range(u64),
}

impl Exceeded {
    pub fn message(&self) -> String {
        match self {
            Exceeded::Time(limit) => format!(
                "rendering took longer than {} s, the limit for one page; a loop in the template may never end",
                limit.as_secs()
            ),
            Exceeded::Size(limit) => format!(
                "the page grew past {limit} bytes, the limit for one page; a loop in the template may never end"
            ),
            Exceeded::Range(limit) => format!(
                "`range` made more than {limit} numbers for this page; loops nested inside each other multiply"
            ),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            Exceeded::Range(_) => "loop over the site's data instead of large ranges",
            _ => {
                "check the template's loops; if the page really is this big, raise `render: { timeout: SECONDS, max_page_size: BYTES }` in handbook.yaml"
            }
        }
    }
}

/// The page being rendered on this thread: its deadline and what `range` may still make.
#[derive(Clone, Copy)]
struct Current {
    deadline: Instant,
    timeout: Duration,
    range_left: u64,
    exceeded: Option<Exceeded>,
}

thread_local! {
    static CURRENT: Cell<Option<Current>> = const { Cell::new(None) };
}

/// A writer that holds the page and stops it when it goes over its budget.
pub struct Writer {
    pub bytes: Vec<u8>,
    max_bytes: u64,
    writes: u32,
}

impl Writer {
    /// Starts a page's budget on this thread.
    pub fn start(budget: Budget, capacity: usize) -> Writer {
        CURRENT.set(Some(Current {
            deadline: Instant::now() + budget.timeout,
            timeout: budget.timeout,
            range_left: RANGE_ELEMENTS,
            exceeded: None,
        }));
        Writer {
            bytes: Vec::with_capacity(capacity),
            max_bytes: budget.max_bytes,
            writes: 0,
        }
    }

    /// Ends the page's budget; says which limit it went over, if one.
    pub fn finish(&self) -> Option<Exceeded> {
        CURRENT.take().and_then(|c| c.exceeded)
    }
}

fn exceed(what: Exceeded) -> std::io::Error {
    CURRENT.set(CURRENT.get().map(|mut c| {
        c.exceeded.get_or_insert(what);
        c
    }));
    std::io::Error::other(what.message())
}

/// Whether the page's time is up (the clock is read here, so callers read it sparingly).
fn out_of_time() -> Option<Exceeded> {
    let current = CURRENT.get()?;
    (Instant::now() > current.deadline).then_some(Exceeded::Time(current.timeout))
}

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    /// Tera writes whole pieces with `write_all`: one check and one copy each.
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if (self.bytes.len() + buf.len()) as u64 > self.max_bytes {
            return Err(exceed(Exceeded::Size(self.max_bytes)));
        }
        // A template writes thousands of small pieces: the clock every 1,024 of them.
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(1024)
            && let Some(over) = out_of_time()
        {
            return Err(exceed(over));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range` with the page's budget: the same arguments and errors, and a count of the
/// numbers made that all calls on the page share.
pub fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    let span = if step > 0 {
        end.saturating_sub(start)
    } else {
        start.saturating_sub(end)
    };
    let len = u64::try_from(span.saturating_add(step.abs() - 1) / step.abs()).unwrap_or(u64::MAX);
    if let Some(mut current) = CURRENT.get() {
        if current.range_left < len {
            let over = Exceeded::Range(RANGE_ELEMENTS);
            exceed(over);
            return Err(tera::Error::message(over.message()));
        }
        current.range_left -= len;
        CURRENT.set(Some(current));
        if let Some(over) = out_of_time() {
            exceed(over);
            return Err(tera::Error::message(over.message()));
        }
    } else if len > RANGE_ELEMENTS {
        return Err(tera::Error::message(
            Exceeded::Range(RANGE_ELEMENTS).message(),
        ));
    }
    Ok((0..len as i128).map(|i| start + i * step).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_writer_stops_at_its_size() {
        let mut w = Writer::start(
            Budget {
                timeout: crate::source::settings::DEFAULT_TIMEOUT,
                max_bytes: 10,
            },
            0,
        );
        assert!(w.write_all(b"0123456789").is_ok());
        assert!(w.write_all(b"x").is_err());
        assert_eq!(w.finish(), Some(Exceeded::Size(10)));
        assert_eq!(w.finish(), None, "finish ends the budget");
    }

    #[test]
    fn a_writer_stops_when_the_time_is_up() {
        let mut w = Writer::start(
            Budget {
                timeout: Duration::ZERO,
                max_bytes: crate::source::settings::DEFAULT_MAX_BYTES,
            },
            0,
        );
        std::thread::sleep(Duration::from_millis(2));
        let failed_at = (0..5000).position(|_| w.write_all(b"x").is_err());
        assert_eq!(
            failed_at,
            Some(1023),
            "the clock is read every 1,024 writes"
        );
        assert_eq!(w.finish(), Some(Exceeded::Time(Duration::ZERO)));
    }

    #[test]
    fn nested_ranges_are_stopped_and_small_ones_agree_with_tera() {
        let mut tera = tera::Tera::new();
        tera.register_function("range", range);
        let context = tera::Context::new();
        let small = "{% for i in range(start=10, end=0, step_by=-3) %}{{ i }},{% endfor %}\
                     {% for i in range(end=5, step_by=2) %}{{ i }};{% endfor %}";
        let mine = tera.render_str(small, &context, false).unwrap();
        let theirs = tera::Tera::new()
            .render_str(small, &context, false)
            .unwrap();
        assert_eq!(mine, theirs);
        tera.add_raw_template(
            "loop.html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let mut w = Writer::start(Budget::default(), 0);
        let started = Instant::now();
        assert!(tera.render_to("loop.html", &context, &mut w).is_err());
        assert_eq!(w.finish(), Some(Exceeded::Range(RANGE_ELEMENTS)));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
