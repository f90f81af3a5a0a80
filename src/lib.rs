pub mod error;
pub mod frontmatter;
