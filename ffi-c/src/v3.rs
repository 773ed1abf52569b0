//! `v3`: APIv3 signing, verification, callbacks, resources, certificates,
//! sensitive fields, media uploads and bills.

pub mod bill;
pub mod certificates;
pub mod media;
pub mod notify;
pub mod resource;
pub mod sensitive;
pub mod sign;
pub mod verify;
