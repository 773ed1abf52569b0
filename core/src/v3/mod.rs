//! APIv3: request signing, response and callback verification, resource
//! decryption, sensitive-field encryption, media upload and bills.

pub mod api_error;
pub mod bill;
pub mod certificates;
pub mod cipher;
pub mod media;
pub mod notify;
pub mod sensitive;
pub mod sign;
pub mod verify;
