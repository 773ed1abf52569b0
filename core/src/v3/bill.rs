//! Downloaded bills: integrity check against `hash_value`, gunzip, CSV parsing.
//!
//! `GET /v3/bill/tradebill` (or `fundflowbill`) answers
//! `{"hash_type":"SHA1","hash_value":"…","download_url":"…"}`. The file behind
//! `download_url` is **not** signed: its only protection is `hash_value`, the
//! digest of the *uncompressed* bill even when `tar_type=GZIP` was asked for.
//! [`BillVerifier`] checks it while the file streams in, without holding the
//! whole bill in memory; [`verify_bill`] does the same for bytes already in
//! memory. [`parse_bill`] turns the CSV text into rows the way
//! `wechatpay-axios-plugin`'s `Formatter.castCsvBill` does.
//!
//! ```
//! use wechatpay_core::v3::bill::{BillVerifier, HashType, parse_bill};
//!
//! let text = "\u{feff}交易时间,商户号\r\n`2026-11-22 10:00:00,`1900000109\r\n总交易单数\r\n`1\r\n";
//! // From the /v3/bill/tradebill answer:
//! let (hash_type, hash_value) = ("SHA1", "9710d37648513b3a3e4612a44e81d63dcadb27d8");
//! let verifier = BillVerifier::new(HashType::parse(hash_type)?, hash_value, false)?;
//! for chunk in text.as_bytes().chunks(4096) {
//!     verifier.update(chunk)?;
//! }
//! verifier.finish()?;
//!
//! let bill = parse_bill(text)?;
//! assert_eq!(bill.rows[0].get("商户号"), Some("1900000109"));
//! assert_eq!(bill.summary.get("总交易单数"), Some("1"));
//! # Ok::<(), wechatpay_core::Error>(())
//! ```

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use flate2::write::MultiGzDecoder;
use serde::ser::{Serialize, SerializeMap, Serializer};
use sha1::Digest as _;

use crate::backend::digest::{Sha1, Sha256};
use crate::encoding;
use crate::error::{Error, Result, echo};

/// The digest algorithm named by `hash_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashType {
    /// `SHA1` — what WeChat Pay sends today.
    Sha1,
    /// `SHA256`.
    Sha256,
}

impl HashType {
    /// Reads `hash_type` as received (`SHA1` or `SHA256`, any ASCII case).
    ///
    /// Anything else is [`Error::AlgorithmUnsupported`]: silently falling back
    /// to SHA-1 would make every bill fail, or worse, pass a weaker check.
    pub fn parse(s: &str) -> Result<HashType> {
        if s.eq_ignore_ascii_case("SHA1") {
            Ok(HashType::Sha1)
        } else if s.eq_ignore_ascii_case("SHA256") {
            Ok(HashType::Sha256)
        } else {
            Err(Error::AlgorithmUnsupported { what: "hash_type", expected: "SHA1 or SHA256", found: echo(s) })
        }
    }

    /// The canonical name: `"SHA1"` or `"SHA256"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HashType::Sha1 => "SHA1",
            HashType::Sha256 => "SHA256",
        }
    }

    /// Digest length in bytes (20 or 32).
    pub const fn digest_len(self) -> usize {
        match self {
            HashType::Sha1 => 20,
            HashType::Sha256 => 32,
        }
    }
}

impl FromStr for HashType {
    type Err = Error;

    fn from_str(s: &str) -> Result<HashType> {
        HashType::parse(s)
    }
}

impl fmt::Display for HashType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

enum Hasher {
    Sha1(Sha1),
    Sha256(Sha256),
}

/// The end of the pipeline: everything written to it is hashed and dropped,
/// so a bill of any size costs a fixed amount of memory.
struct HashingWriter {
    hasher: Hasher,
}

impl HashingWriter {
    fn new(hash_type: HashType) -> Self {
        let hasher = match hash_type {
            HashType::Sha1 => Hasher::Sha1(Sha1::new()),
            HashType::Sha256 => Hasher::Sha256(Sha256::new()),
        };
        HashingWriter { hasher }
    }

    fn feed(&mut self, data: &[u8]) {
        match &mut self.hasher {
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
        }
    }

    fn finalize(self) -> Vec<u8> {
        match self.hasher {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.feed(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Sink {
    Plain(HashingWriter),
    // Multi-member, like `gunzip` and Java's GZIPInputStream: concatenated
    // members are one valid gzip file.
    Gzip(Box<MultiGzDecoder<HashingWriter>>),
}

const GZIP_DAMAGED: Error = Error::BillFormat { reason: "gzip stream is damaged" };
const GZIP_TRUNCATED: Error = Error::BillFormat { reason: "gzip stream is truncated or damaged" };

/// Checks a downloaded bill against `hash_value` while it streams in.
///
/// Feed the response body, as received, to [`update`](Self::update) in chunks
/// of any size, then call [`finish`](Self::finish). With `gzip = true`
/// (`tar_type=GZIP`) the chunks are decompressed on the fly and the
/// *decompressed* bytes are hashed, as WeChat Pay specifies; nothing is
/// buffered beyond the inflate window.
///
/// Only trust (parse, book) the bill after `finish` returned `Ok`.
///
/// Every step takes `&self` (the state sits behind a lock), so one verifier
/// can be held by a frozen Python object or a C handle and fed from
/// whichever thread reads the download; `finish` ends it, and any call after
/// that is [`Error::InvalidArgument`].
pub struct BillVerifier {
    hash_type: HashType,
    expected: Vec<u8>,
    gzip: bool,
    state: Mutex<State>,
}

enum State {
    Running(Sink),
    Failed,
    Finished,
}

impl fmt::Debug for BillVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BillVerifier")
            .field("hash_type", &self.hash_type)
            .field("gzip", &self.gzip)
            .finish_non_exhaustive()
    }
}

const FINISHED: Error = Error::InvalidArgument { name: "verifier", reason: "finish() was already called" };

impl BillVerifier {
    /// Starts a verification.
    ///
    /// `expected_hex` is `hash_value` from the bill application answer: hex of
    /// [`HashType::digest_len`] bytes, in either case. Anything else is
    /// [`Error::InvalidArgument`] (`hash_value`), reported now rather than as a
    /// mismatch after the whole download.
    pub fn new(hash_type: HashType, expected_hex: &str, gzip: bool) -> Result<Self> {
        let expected = encoding::hex_decode(expected_hex).filter(|bytes| bytes.len() == hash_type.digest_len()).ok_or(
            Error::InvalidArgument {
                name: "hash_value",
                reason: match hash_type {
                    HashType::Sha1 => "must be 40 hex digits for SHA1",
                    HashType::Sha256 => "must be 64 hex digits for SHA256",
                },
            },
        )?;
        let writer = HashingWriter::new(hash_type);
        let sink = if gzip { Sink::Gzip(Box::new(MultiGzDecoder::new(writer))) } else { Sink::Plain(writer) };
        Ok(BillVerifier { hash_type, expected, gzip, state: Mutex::new(State::Running(sink)) })
    }

    // A panic inside flate2 while the lock was held leaves a state that the
    // next call reports as damaged, never as valid.
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            *guard = State::Failed;
            guard
        })
    }

    /// Feeds the next chunk of the downloaded file.
    ///
    /// Returns [`Error::BillFormat`] as soon as the gzip stream is seen to be
    /// damaged; after that every call fails the same way (the decoder is not
    /// used again).
    pub fn update(&self, chunk: &[u8]) -> Result<()> {
        let mut state = self.state();
        match &mut *state {
            State::Running(Sink::Plain(writer)) => writer.feed(chunk),
            State::Running(Sink::Gzip(decoder)) => {
                if decoder.write_all(chunk).is_err() {
                    *state = State::Failed;
                    return Err(GZIP_DAMAGED);
                }
            }
            State::Failed => return Err(GZIP_DAMAGED),
            State::Finished => return Err(FINISHED),
        }
        Ok(())
    }

    /// Ends the stream and compares the digest with `hash_value`.
    ///
    /// [`Error::BillFormat`] when the gzip stream is truncated or its CRC does
    /// not match; [`Error::BillHashMismatch`] when the digest differs — the
    /// bill was altered, cut short, or `hash_value` belongs to another file.
    pub fn finish(&self) -> Result<()> {
        let previous = std::mem::replace(&mut *self.state(), State::Finished);
        let writer = match previous {
            State::Running(Sink::Plain(writer)) => writer,
            State::Running(Sink::Gzip(decoder)) => decoder.finish().map_err(|_| GZIP_TRUNCATED)?,
            State::Failed => return Err(GZIP_DAMAGED),
            State::Finished => return Err(FINISHED),
        };
        let digest = writer.finalize();
        // The digest is public (WeChat Pay publishes it), so a plain compare is fine.
        if digest == self.expected {
            Ok(())
        } else {
            Err(Error::BillHashMismatch { algorithm: self.hash_type.as_str() })
        }
    }
}

/// The lowercase hex digest of a bill's uncompressed bytes: the `hash_value`
/// WeChat Pay announces for it (a simulator serves it with the bill).
///
/// ```
/// use wechatpay_core::v3::bill::{self, HashType};
/// assert_eq!(bill::digest(b"", HashType::Sha1), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
/// ```
pub fn digest(bytes: &[u8], hash_type: HashType) -> String {
    let mut writer = HashingWriter::new(hash_type);
    writer.feed(bytes);
    encoding::hex_lower(&writer.finalize())
}

/// Compresses a bill as `tar_type=GZIP` delivers it: one gzip member,
/// modification time 0, so the output is reproducible.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use flate2::{Compression, GzBuilder};
    let mut encoder = GzBuilder::new().mtime(0).write(Vec::with_capacity(bytes.len() / 4 + 64), Compression::default());
    encoder.write_all(bytes).map_err(|_| Error::Backend("gzip compression failed"))?;
    encoder.finish().map_err(|_| Error::Backend("gzip compression failed"))
}

/// Checks a whole downloaded bill held in memory; see [`BillVerifier`].
pub fn verify_bill(bytes: &[u8], hash_type: HashType, expected_hex: &str, gzip: bool) -> Result<()> {
    let verifier = BillVerifier::new(hash_type, expected_hex, gzip)?;
    verifier.update(bytes)?;
    verifier.finish()
}

/// A suggested `max_len` for [`gunzip`]: 256 MiB of CSV is far beyond a
/// normal daily bill. Stream larger ones through [`BillVerifier`] instead.
pub const DEFAULT_MAX_BILL_LEN: usize = 256 * 1024 * 1024;

/// A `Vec` that refuses to grow past `max`, so that a few kilobytes of
/// hostile gzip cannot expand into gigabytes.
struct CappedVec {
    buf: Vec<u8>,
    max: usize,
    exceeded: bool,
}

impl Write for CappedVec {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.len() > self.max.saturating_sub(self.buf.len()) {
            self.exceeded = true;
            return Err(io::Error::other("decompressed bill exceeds max_len"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Decompresses a gzip bill (all members), refusing output longer than
/// `max_len` bytes.
///
/// `max_len` is the defence against decompression bombs: pick it from the
/// largest bill you expect (see [`DEFAULT_MAX_BILL_LEN`]). Exceeding it, a
/// damaged or truncated stream, or a CRC mismatch give [`Error::BillFormat`].
/// Verify the result (or the compressed bytes with [`verify_bill`]) before
/// trusting it.
pub fn gunzip(bytes: &[u8], max_len: usize) -> Result<Vec<u8>> {
    let mut decoder = MultiGzDecoder::new(CappedVec { buf: Vec::new(), max: max_len, exceeded: false });
    // The decoder holds output back until the next write or the final flush,
    // so the cap can trip in either step; the flag tells it from damage.
    let fail = |decoder: &MultiGzDecoder<CappedVec>, damage: Error| {
        if decoder.get_ref().exceeded { too_long() } else { damage }
    };
    if decoder.write_all(bytes).is_err() {
        return Err(fail(&decoder, GZIP_DAMAGED));
    }
    if decoder.try_finish().is_err() {
        return Err(fail(&decoder, GZIP_TRUNCATED));
    }
    Ok(std::mem::take(&mut decoder.get_mut().buf))
}

fn too_long() -> Error {
    Error::BillFormat { reason: "decompressed bill is longer than max_len" }
}

/// One line of a bill: cells named by the header they belong to, in file order.
///
/// Serialises as a JSON object `{header: cell, …}` in header order, the shape
/// `castCsvBill` produces. Rows share their header, so a large bill does not
/// repeat the column names per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillRecord {
    names: Arc<[String]>,
    cells: Vec<String>,
}

impl BillRecord {
    /// The cell under column `name`. If the header repeats a name, the last
    /// such column wins, as in the JavaScript object `castCsvBill` builds.
    pub fn get(&self, name: &str) -> Option<&str> {
        let index = self.names.iter().rposition(|n| n == name)?;
        self.cells.get(index).map(String::as_str)
    }

    /// `(column, cell)` pairs in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(String::as_str).zip(self.cells.iter().map(String::as_str))
    }

    /// The column names, in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The cells, in file order, without their leading backtick.
    pub fn cells(&self) -> &[String] {
        &self.cells
    }

    /// Number of cells (equal to the number of columns).
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the record has no cells (never the case for a parsed bill).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

impl Serialize for BillRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.cells.len()))?;
        for (name, cell) in self.iter() {
            map.serialize_entry(name, cell)?;
        }
        map.end()
    }
}

/// A parsed bill: its detail rows and its summary.
///
/// Serialises to `{"rows": [{header: cell, …}, …], "summary": {header: cell, …}}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Bill {
    /// Detail rows (one per transaction or fund flow), in file order.
    pub rows: Vec<BillRecord>,
    /// The summary row (总交易单数, 应结订单总金额, …) under its own header.
    pub summary: BillRecord,
}

impl Bill {
    /// Compact JSON: `{"rows":[{header: cell, …}, …],"summary":{header: cell, …}}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Parses the CSV text of a trade or fund-flow bill.
///
/// Layout, as WeChat Pay delivers it and `castCsvBill` reads it: an optional
/// BOM (U+FEFF); lines ending in `\n` or `\r\n`; a header line split on `,`;
/// detail lines; then a summary header and a summary line as the last two
/// lines. Detail and summary lines start with a backtick (it stops
/// spreadsheets from mangling long numbers) and their cells are separated by
/// `` ,` ``.
///
/// Where `castCsvBill` is positional and fragile this is stricter: empty lines
/// are skipped anywhere (so a missing final newline changes nothing), only a
/// leading backtick is removed (never another character), and a line whose
/// cell count differs from its header is [`Error::BillFormat`] instead of being
/// silently misaligned. Fewer than three non-empty lines is also `BillFormat`.
pub fn parse_bill(text: &str) -> Result<Bill> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> =
        text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).filter(|line| !line.is_empty()).collect();
    let [header, details @ .., summary_header, summary] = lines.as_slice() else {
        return Err(Error::BillFormat { reason: "a bill needs a header, a summary header and a summary line" });
    };
    let names = split_header(header);
    let rows = details.iter().map(|line| record(&names, line)).collect::<Result<Vec<_>>>()?;
    let summary = record(&split_header(summary_header), summary)?;
    Ok(Bill { rows, summary })
}

fn split_header(line: &str) -> Arc<[String]> {
    line.split(',').map(str::to_owned).collect()
}

fn record(names: &Arc<[String]>, line: &str) -> Result<BillRecord> {
    let line = line.strip_prefix('`').unwrap_or(line);
    let cells: Vec<String> = line.split(",`").map(str::to_owned).collect();
    if cells.len() != names.len() {
        return Err(Error::BillFormat { reason: "row has a different number of cells than the header" });
    }
    Ok(BillRecord { names: Arc::clone(names), cells })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use serde_json::Value;

    fn vectors() -> Vec<Value> {
        let cases = crate::test_support::cases("bill_hash.json");
        assert!(!cases.is_empty());
        cases
    }

    fn s<'a>(case: &'a Value, key: &str) -> &'a str {
        case[key].as_str().unwrap_or_else(|| panic!("{key} missing in {}", case["name"]))
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn sha1_hex(data: &[u8]) -> String {
        crate::backend::digest::sha1(data).iter().map(|b| format!("{b:02x}")).collect()
    }

    fn streamed(data: &[u8], chunk: usize, hash_type: HashType, expected: &str, gz: bool) -> Result<()> {
        let v = BillVerifier::new(hash_type, expected, gz)?;
        for part in data.chunks(chunk) {
            v.update(part)?;
        }
        v.finish()
    }

    #[test]
    fn shared_vectors() {
        for case in vectors() {
            let name = s(&case, "name");
            let text = s(&case, "bill_text");
            let gz = STANDARD.decode(s(&case, "bill_gzip")).unwrap();
            let hash_type = HashType::parse(s(&case, "hash_type")).unwrap();
            let valid = case["valid"].as_bool().unwrap();

            for chunk in [1, 7, 4096, usize::MAX] {
                let got = streamed(&gz, chunk, hash_type, s(&case, "hash_value"), true);
                if valid {
                    assert_eq!(got, Ok(()), "{name} chunk {chunk}");
                } else {
                    // Every negative vector is an intact gzip of the wrong content.
                    assert_eq!(got.map_err(|e| e.kind()), Err(ErrorKind::BillHashMismatch), "{name} chunk {chunk}");
                }
            }
            let upper = s(&case, "hash_value").to_ascii_uppercase();
            assert_eq!(verify_bill(&gz, hash_type, &upper, true).is_ok(), valid, "{name} upper-case hash_value");

            assert_eq!(gunzip(&gz, DEFAULT_MAX_BILL_LEN).unwrap(), text.as_bytes(), "{name}");
            for chunk in [1, 7, 4096] {
                assert_eq!(streamed(text.as_bytes(), chunk, HashType::Sha1, s(&case, "sha1"), false), Ok(()), "{name}");
                assert_eq!(
                    streamed(text.as_bytes(), chunk, HashType::Sha256, s(&case, "sha256"), false),
                    Ok(()),
                    "{name}"
                );
            }
            // Hashing the compressed file is the classic mistake: it only
            // matches `gzip_sha1`, never `hash_value`.
            assert_eq!(verify_bill(&gz, HashType::Sha1, s(&case, "gzip_sha1"), false), Ok(()), "{name}");
            assert_eq!(
                verify_bill(&gz, HashType::Sha1, s(&case, "sha1"), false),
                Err(Error::BillHashMismatch { algorithm: "SHA1" }),
                "{name}"
            );

            if let Some(parsed) = case.get("parsed") {
                let bill = parse_bill(text).unwrap();
                assert_eq!(&serde_json::to_value(&bill).unwrap(), parsed, "{name}");
            }
        }
    }

    #[test]
    fn serialisation_keeps_header_order() {
        let bill = parse_bill("b,a\n`1,`2\nz,y\n`3,`4").unwrap();
        assert_eq!(
            serde_json::to_string(&bill).unwrap(),
            r#"{"rows":[{"b":"1","a":"2"}],"summary":{"z":"3","y":"4"}}"#
        );
        assert_eq!(bill.rows[0].iter().collect::<Vec<_>>(), [("b", "1"), ("a", "2")]);
        assert_eq!(bill.rows[0].len(), 2);
        assert_eq!(bill.summary.get("y"), Some("4"));
        assert_eq!(bill.summary.get("b"), None);
    }

    #[test]
    fn parse_bill_layout_rules() {
        // No BOM, no final newline, blank lines, mixed line ends: same result.
        let a = parse_bill("\u{feff}h1,h2\r\n`a,`b\r\n`c,`\r\ns1\r\n`9\r\n").unwrap();
        let b = parse_bill("h1,h2\n\n`a,`b\r\n`c,`\n\r\ns1\n`9").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.rows.len(), 2);
        assert_eq!(a.rows[1].get("h2"), Some(""));
        // A bill without detail lines still has its summary.
        let empty = parse_bill("h1,h2\r\ns1\r\n`0\r\n").unwrap();
        assert!(empty.rows.is_empty());
        assert_eq!(empty.summary.get("s1"), Some("0"));
        // A cell may contain a plain comma; only ",`" separates.
        let comma = parse_bill("h1,h2\n`x,y,`z\ns\n`1").unwrap();
        assert_eq!(comma.rows[0].get("h1"), Some("x,y"));
        // Only a backtick is dropped from the front.
        let bare = parse_bill("h\nabc\ns\n1").unwrap();
        assert_eq!(bare.rows[0].get("h"), Some("abc"));
        // Duplicate column names: the last one wins, as in castCsvBill's object.
        let dup = parse_bill("h,h\n`1,`2\ns\n`1").unwrap();
        assert_eq!(dup.rows[0].get("h"), Some("2"));
        assert_eq!(serde_json::to_value(&dup).unwrap()["rows"][0]["h"], "2");
    }

    #[test]
    fn parse_bill_rejects_bad_shapes() {
        for text in
            ["", "\u{feff}", "\r\n\r\n", "h\r\ns\r\n", "h1,h2\n`1\ns\n`1", "h\n`1\ns1,s2\n`1", "h\n`1,`2\ns\n`1"]
        {
            let err = parse_bill(text).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::BillFormat, "{text:?}");
        }
        assert_eq!(
            parse_bill("h1,h2\n`1\ns\n`1").unwrap_err(),
            Error::BillFormat { reason: "row has a different number of cells than the header" }
        );
    }

    #[test]
    fn hash_type_names() {
        assert_eq!(HashType::parse("SHA1").unwrap(), HashType::Sha1);
        assert_eq!(HashType::parse("sha256").unwrap(), HashType::Sha256);
        assert_eq!("Sha1".parse::<HashType>().unwrap(), HashType::Sha1);
        assert_eq!(HashType::Sha256.to_string(), "SHA256");
        for bad in ["MD5", "SHA-1", "SHA512", "", " SHA1"] {
            assert_eq!(
                HashType::parse(bad),
                Err(Error::AlgorithmUnsupported {
                    what: "hash_type",
                    expected: "SHA1 or SHA256",
                    found: bad.to_owned()
                })
            );
        }
    }

    #[test]
    fn hash_value_is_checked_up_front() {
        let sha1 = "573f1b97e852775154ce02fc49355b33938f5df7";
        assert!(BillVerifier::new(HashType::Sha1, sha1, true).is_ok());
        for bad in ["", "573f", &sha1[1..], &format!("{sha1}00"), &sha1.replace('f', "g"), &format!(" {}", &sha1[1..])]
        {
            let err = BillVerifier::new(HashType::Sha1, bad, false).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{bad:?}");
        }
        // A SHA-1 value for a SHA256 bill is a configuration error, not a mismatch.
        let err = BillVerifier::new(HashType::Sha256, sha1, false).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { name: "hash_value", .. }));
    }

    #[test]
    fn damaged_gzip_is_a_format_error() {
        let data = "`bill line,`1\r\n".repeat(500);
        let expected = sha1_hex(data.as_bytes());
        let gz = gzip(data.as_bytes());
        assert_eq!(verify_bill(&gz, HashType::Sha1, &expected, true), Ok(()));

        for cut in [0, 5, 10, gz.len() / 2, gz.len() - 8, gz.len() - 1] {
            for chunk in [1, 7, 4096] {
                let err = streamed(&gz[..cut], chunk, HashType::Sha1, &expected, true).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::BillFormat, "cut {cut} chunk {chunk}");
            }
        }
        // A flipped CRC byte, a bad magic and trailing garbage.
        let mut crc = gz.clone();
        let at = crc.len() - 6;
        crc[at] ^= 1;
        let mut magic = gz.clone();
        magic[0] = 0;
        let mut trailing = gz.clone();
        trailing.extend_from_slice(b"garbage");
        for bad in [crc, magic, trailing, b"not gzip at all".to_vec()] {
            for chunk in [1, 7, 4096] {
                let err = streamed(&bad, chunk, HashType::Sha1, &expected, true).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::BillFormat);
            }
            assert_eq!(gunzip(&bad, DEFAULT_MAX_BILL_LEN).unwrap_err().kind(), ErrorKind::BillFormat);
        }
    }

    #[test]
    fn update_after_failure_keeps_failing() {
        let v = BillVerifier::new(HashType::Sha1, &"0".repeat(40), true).unwrap();
        assert_eq!(v.update(b"definitely not gzip"), Err(GZIP_DAMAGED));
        assert_eq!(v.update(b"more"), Err(GZIP_DAMAGED));
        assert_eq!(v.finish(), Err(GZIP_DAMAGED));
        assert_eq!(v.finish(), Err(FINISHED));
        assert_eq!(v.update(b"x").unwrap_err().kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn concatenated_members_are_one_file() {
        let (a, b) = ("first member\n".repeat(100), "second member\n".repeat(100));
        let mut gz = gzip(a.as_bytes());
        gz.extend_from_slice(&gzip(b.as_bytes()));
        let whole = format!("{a}{b}");
        let expected = sha1_hex(whole.as_bytes());
        for chunk in [1, 7, 4096] {
            assert_eq!(streamed(&gz, chunk, HashType::Sha1, &expected, true), Ok(()), "chunk {chunk}");
        }
        assert_eq!(gunzip(&gz, whole.len()).unwrap(), whole.as_bytes());
    }

    #[test]
    fn gunzip_enforces_max_len() {
        let bomb = gzip(&vec![b'0'; 1 << 20]);
        assert!(bomb.len() < 4096);
        assert_eq!(gunzip(&bomb, 1 << 20).unwrap().len(), 1 << 20);
        for max in [0, 1, (1 << 20) - 1] {
            assert_eq!(
                gunzip(&bomb, max),
                Err(Error::BillFormat { reason: "decompressed bill is longer than max_len" }),
                "max {max}"
            );
        }
        assert_eq!(gunzip(&gzip(b""), 0).unwrap(), b"");
    }

    #[test]
    fn plain_mode_hashes_the_bytes_as_given() {
        let text = "\u{feff}h\r\n`1\r\ns\r\n`1\r\n";
        let sha1 = sha1_hex(text.as_bytes());
        assert_eq!(verify_bill(text.as_bytes(), HashType::Sha1, &sha1.to_uppercase(), false), Ok(()));
        // Without the BOM the digest differs: the BOM is part of the bill.
        assert_eq!(
            verify_bill(&text.as_bytes()[3..], HashType::Sha1, &sha1, false),
            Err(Error::BillHashMismatch { algorithm: "SHA1" })
        );
        assert_eq!(
            verify_bill(b"", HashType::Sha256, &"00".repeat(32), false),
            Err(Error::BillHashMismatch { algorithm: "SHA256" })
        );
    }
}

#[cfg(test)]
mod serving_tests {
    use super::*;

    #[test]
    fn a_served_bill_verifies_streamed_and_gzipped() {
        let text = "\u{feff}交易时间,商户号\r\n`2026-11-22 10:00:00,`1900000109\r\n总交易单数\r\n`1\r\n".repeat(3);
        let packed = gzip(text.as_bytes()).unwrap();
        assert_eq!(gzip(text.as_bytes()).unwrap(), packed, "reproducible");
        for hash_type in [HashType::Sha1, HashType::Sha256] {
            let hash_value = digest(text.as_bytes(), hash_type);
            verify_bill(&packed, hash_type, &hash_value, true).unwrap();
            verify_bill(text.as_bytes(), hash_type, &hash_value, false).unwrap();
            let verifier = BillVerifier::new(hash_type, &hash_value.to_uppercase(), true).unwrap();
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    for chunk in packed.chunks(5) {
                        verifier.update(chunk).unwrap();
                    }
                });
            });
            verifier.finish().unwrap();
        }
        assert_eq!(gunzip(&packed, DEFAULT_MAX_BILL_LEN).unwrap(), text.as_bytes());
    }
}
