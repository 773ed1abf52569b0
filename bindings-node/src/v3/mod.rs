pub mod bill;
pub mod certificates;
pub mod media;
pub mod notify;
pub mod resource;
pub mod sensitive;
pub mod sign;
pub mod verify;
