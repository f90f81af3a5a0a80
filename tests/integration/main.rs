//! The integration suite: runs the real `handbook` binary on small fixture sites and checks
//! what it writes by parsing the HTML. One test binary, as mdBook does, to keep linking fast.

mod fixture;

mod architecture;
mod audience;
pub mod browser;
mod build;
mod calendar;
pub mod checkers;
mod default_theme;
mod errors;
mod existing;
mod features;
mod hardening;
mod health;
mod import;
mod incremental;
mod languages;
mod links;
mod living;
mod mistakes;
mod output_safety;
mod plain_folder;
mod preview_load;
mod progress;
mod publishing;
mod scaffold;
pub mod serve;
mod themes;
mod themes_git;
mod tooling;
mod untrusted;
