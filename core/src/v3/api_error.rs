//! APIv3 error bodies (being written).

/// Placeholder until the module lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("API error")
    }
}
