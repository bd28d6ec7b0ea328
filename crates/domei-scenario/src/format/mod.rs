//! Reading scenario files: format detection and the readers.

pub mod csv;
pub mod decide;
pub mod deu3;
pub mod ktab_xml;
pub mod migrate;
pub mod prescan;
pub mod table;
pub mod toml;
pub mod write;
