//! The handbook's health (`handbook check`) and the report of findings for people. Health is
//! computed once per build from the model and passed on; nothing here renders or writes.

mod finding;
pub mod health;
pub mod progress;
pub mod report;
pub mod review;
