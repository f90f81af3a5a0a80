//! Where a rendered page goes: to its file in a build, or kept for the preview; the
//! printed handbook's bodies put in, and addresses made relative for a site opened from disk.

use super::files::Contents;
use super::{Job, Renderer, Task, print};
use crate::base::error::Diagnostic;
use std::sync::Arc;

impl Renderer<'_> {
    /// The page's HTML handed to the sink (a build), or kept (the preview); made relative
    /// for a site opened from disk, and the printed handbook's bodies put in.
    pub(super) fn deliver(&self, task: &Task, html: Vec<u8>) -> Result<Contents, Vec<Diagnostic>> {
        let (site, path) = (self.site, task.path.as_str());
        let to_diagnostic =
            |e: crate::base::error::Error| vec![Diagnostic::error(path, e.to_string())];
        let print = matches!(task.job, Job::Print);
        // A page as Tera wrote it goes to its file or the preview as bytes; only what is
        // rewritten (the printed handbook, a site opened from disk) is read as text.
        if !print && !site.config.relative_links {
            return Ok(match self.sink {
                Some(sink) => {
                    sink.put(path, &html).map_err(to_diagnostic)?;
                    Contents::Written
                }
                None => Contents::Shared(Arc::new(html)),
            });
        }
        let html =
            String::from_utf8(html).map_err(|e| vec![Diagnostic::error(path, e.to_string())])?;
        let relative = |html: String| -> Result<String, Vec<Diagnostic>> {
            if !site.config.relative_links {
                return Ok(html);
            }
            crate::render::relative::rewrite_in(site, &html, path)
                .map_err(|e| vec![Diagnostic::error(path, e)])
        };
        Ok(match self.sink {
            // From disk, the printed handbook's links are rewritten whole.
            Some(sink) if print && site.config.relative_links => {
                let whole = relative(print::parts(site, &html).collect::<String>())?;
                sink.put(path, whole.as_bytes()).map_err(to_diagnostic)?;
                Contents::Written
            }
            Some(sink) if print => {
                let mut parts = print::parts(site, &html);
                sink.put_parts(path, &mut parts).map_err(to_diagnostic)?;
                Contents::Written
            }
            None if print => Contents::Shared(Arc::new(
                print::parts(site, &html).collect::<String>().into_bytes(),
            )),
            Some(sink) => {
                let html = relative(html)?;
                sink.put(path, html.as_bytes()).map_err(to_diagnostic)?;
                Contents::Written
            }
            None => Contents::Shared(Arc::new(relative(html)?.into_bytes())),
        })
    }
}
