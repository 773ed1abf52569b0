//! Legacy APIv2 (being written).
