<?php
declare(strict_types=1);

namespace WeChatPay\Core\Tests;

use WeChatPay\Core\Exception\WeChatPayException;
use WeChatPay\Core\Keys\ApiV2Key;
use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Keys\PrivateKey;
use WeChatPay\Core\Keys\PublicKey;
use WeChatPay\Core\PayParams;
use WeChatPay\Core\V2\Params;
use WeChatPay\Core\V2\Refund;
use WeChatPay\Core\V3\Bill;
use WeChatPay\Core\V3\BillVerifier;
use WeChatPay\Core\V3\CallbackParser;
use WeChatPay\Core\V3\Headers;
use WeChatPay\Core\V3\Resource;
use WeChatPay\Core\V3\SensitiveDecryptor;
use WeChatPay\Core\V3\SensitiveEncryptor;
use WeChatPay\Core\V3\Signer;
use WeChatPay\Core\V3\TrustStore;
use WeChatPay\Core\V3\Verifier;

final class CaseFailed extends \Exception
{
}

/**
 * The shared vector suite through the PHP classes, mirroring core/tests/conformance.rs
 * case by case: an unknown file, case field or kind is a failure, never a skip.
 */
final class VectorSuite
{
    private const COMMON = ['name', 'valid', 'reason', 'note', 'peer_results'];
    private const FIELDS = [
        'request_sign.json' => ['mchid', 'serial_no', 'key_file', 'cert_file', 'method', 'url', 'timestamp', 'nonce_str', 'body', 'message', 'signature', 'authorization'],
        'response_verify.json' => ['headers', 'body', 'message', 'key_file'],
        'notification_decrypt.json' => ['apiv3_key', 'nonce', 'associated_data', 'ciphertext', 'plaintext'],
        'notification_full.json' => ['now', 'max_clock_skew_seconds', 'headers', 'body', 'key_file', 'apiv3_key', 'signature_valid', 'resource_plaintext', 'resource'],
        'pay_params.json' => ['kind', 'appid', 'mchid', 'prepay_id', 'timestamp', 'nonce_str', 'key_file', 'cert_file', 'message', 'expected'],
        'oaep.json' => ['public_key_file', 'private_key_file', 'produced_by', 'scheme', 'ciphertext', 'plaintext'],
        'v2_sign.json' => ['params', 'key', 'sign_type', 'string_to_sign', 'expected_sign', 'source'],
        'v2_refund_req_info.json' => ['apiv2_key', 'aes_key', 'req_info', 'expected_xml'],
        'cert_info.json' => ['file', 'serial_no', 'serial_openssl_cli', 'serial_node_x509', 'serial_python_hex', 'serial_der_content_hex', 'serial_decimal', 'not_before', 'not_after', 'reference_time', 'expired_at_reference', 'not_yet_valid_at_reference', 'subject', 'issuer', 'sha256_fingerprint', 'spki_sha256', 'private_key_file', 'kind', 'pub_key_id', 'password', 'legacy_pbe', 'encryption', 'mac', 'cert_serial_no', 'matches_key_file', 'matches_cert_file', 'friendly_name'],
        'bill_hash.json' => ['bill_text', 'bill_gzip', 'hash_type', 'hash_value', 'sha1', 'sha256', 'gzip_sha1', 'parsed'],
    ];

    private TrustStore $trust;
    public int $passed = 0;
    public int $failed = 0;
    /** @var list<string> */
    public array $failures = [];

    public function __construct(private string $dir)
    {
    }

    public function run(): void
    {
        $this->trust = new TrustStore();
        $store = self::readJson("$this->dir/keys/trust_store.json");
        foreach ($store['certificates'] as $entry) {
            $cert = Certificate::fromPemFile("$this->dir/{$entry['file']}");
            if ($cert->serialNo() !== $entry['serial_no']) {
                throw new \RuntimeException('trust store serial mismatch');
            }
            $this->trust->addCertificate($cert);
        }
        foreach ($store['public_keys'] as $entry) {
            $this->trust->addPublicKey($entry['id'], PublicKey::fromPemFile("$this->dir/{$entry['file']}"));
        }
        $manifest = is_file("$this->dir/manifest.json") ? self::readJson("$this->dir/manifest.json") : null;
        $files = array_values(array_filter(
            scandir($this->dir) ?: [],
            static fn (string $f): bool => str_ends_with($f, '.json') && $f !== 'manifest.json'
        ));
        sort($files, SORT_STRING);
        foreach ($files as $file) {
            $fields = self::FIELDS[$file] ?? null;
            if ($fields === null) {
                $this->report($file, '*', 'unknown vector file');
                continue;
            }
            $cases = json_decode((string) file_get_contents("$this->dir/$file"), true);
            if (!is_array($cases) || !array_is_list($cases)) {
                $this->report($file, '*', 'not a JSON array');
                continue;
            }
            $announced = $manifest['files'][$file]['cases'] ?? null;
            if (is_int($announced) && $announced !== count($cases)) {
                $this->report($file, '*', "manifest says $announced cases, file has " . count($cases));
            }
            foreach ($cases as $case) {
                $name = is_array($case) && is_string($case['name'] ?? null) ? $case['name'] : '<unnamed>';
                if (!is_array($case)) {
                    $this->report($file, $name, 'case is not an object');
                    continue;
                }
                $unknown = array_diff(array_keys($case), self::COMMON, $fields);
                $validOrTrue = is_bool($case['valid'] ?? null) ? $case['valid'] : true;
                if ($unknown !== []) {
                    $this->report($file, $name, 'unknown case fields ' . implode(', ', $unknown));
                } elseif (str_starts_with($name, 'neg_') === $validOrTrue) {
                    $this->report($file, $name, 'name prefix `neg_` disagrees with `valid`');
                } else {
                    try {
                        $method = lcfirst(str_replace('_', '', ucwords(substr($file, 0, -5), '_')));
                        $this->$method($case);
                        $this->report($file, $name, null);
                    } catch (CaseFailed $e) {
                        $this->report($file, $name, $e->getMessage());
                    } catch (WeChatPayException $e) {
                        $this->report($file, $name, $e->getKind() . ': ' . $e->getMessage());
                    }
                }
            }
        }
    }

    private function report(string $file, string $name, ?string $why): void
    {
        if ($why === null) {
            $this->passed++;
        } else {
            $this->failed++;
            $this->failures[] = "FAIL $file $name: $why";
        }
    }

    /** @return array<string, mixed> */
    private static function readJson(string $path): array
    {
        $data = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        return is_array($data) ? $data : [];
    }

    private static function ensure(bool $condition, string $why): void
    {
        if (!$condition) {
            throw new CaseFailed($why);
        }
    }

    /** @param array<string, mixed> $c */
    private static function s(array $c, string $field): string
    {
        self::ensure(is_string($c[$field] ?? null), "field `$field` missing or not a string");
        return $c[$field];
    }

    /** @param array<string, mixed> $c */
    private static function optS(array $c, string $field): ?string
    {
        $v = $c[$field] ?? null;
        self::ensure($v === null || is_string($v), "field `$field` is not a string or null");
        return $v;
    }

    /** @param array<string, mixed> $c */
    private static function bool(array $c, string $field): bool
    {
        self::ensure(is_bool($c[$field] ?? null), "field `$field` missing");
        return $c[$field];
    }

    /** @param array<string, mixed> $c */
    private static function valid(array $c): bool
    {
        return self::bool($c, 'valid');
    }

    private static function unix(string $text): int
    {
        self::ensure(preg_match('/^[+-]?\d{1,18}$/', $text) === 1, "`$text` is not Unix seconds");
        return (int) $text;
    }

    private static function rfc3339(string $text): int
    {
        $d = \DateTimeImmutable::createFromFormat('!Y-m-d\TH:i:s\Z', $text, new \DateTimeZone('UTC'));
        self::ensure($d !== false && $d->format('Y-m-d\TH:i:s\Z') === $text, "`$text` is not YYYY-MM-DDTHH:MM:SSZ");
        return $d->getTimestamp();
    }

    private static function b64(string $text): ?string
    {
        $raw = base64_decode($text, true);
        return $raw !== false && base64_encode($raw) === $text ? $raw : null;
    }

    private static function verifies(PublicKey $key, string $message, string $signatureB64): bool
    {
        $sig = self::b64($signatureB64);
        if ($sig === null) {
            return false;
        }
        try {
            $key->verifySha256($message, $sig);
            return true;
        } catch (WeChatPayException) {
            return false;
        }
    }

    private function path(string $relative): string
    {
        return "$this->dir/$relative";
    }

    /** @param array<string, mixed> $c */
    private function privateKey(array $c, string $field): PrivateKey
    {
        return PrivateKey::fromPemFile($this->path(self::s($c, $field)));
    }

    /** @param array<string, mixed> $c */
    private function publicKey(array $c, string $field): PublicKey
    {
        return PublicKey::fromPemFile($this->path(self::s($c, $field)));
    }

    /** @param array<string, mixed> $c @return list<array{0: string, 1: string}> */
    private static function headers(array $c): array
    {
        self::ensure(is_array($c['headers'] ?? null), 'field `headers` missing');
        $pairs = [];
        foreach ($c['headers'] as $name => $value) {
            self::ensure(is_string($value), "header $name not a string");
            $pairs[] = [(string) $name, $value];
        }
        return $pairs;
    }

    // ---- one runner per file ----------------------------------------------------

    /** @param array<string, mixed> $c */
    private function requestSign(array $c): void
    {
        $key = $this->privateKey($c, 'key_file');
        $cert = $this->publicKey($c, 'cert_file');
        $signer = new Signer(self::s($c, 'mchid'), self::s($c, 'serial_no'), $key);
        $signed = $signer->signWith(self::s($c, 'method'), self::s($c, 'url'), self::s($c, 'body'), self::unix(self::s($c, 'timestamp')), self::s($c, 'nonce_str'));
        $expected = self::s($c, 'signature');
        $ok = self::verifies($cert, self::optS($c, 'message') ?? '', $expected);
        if (self::valid($c)) {
            self::ensure($signed->message() === self::s($c, 'message'), 'message differs');
            self::ensure($signed->signature() === $expected, 'signature differs');
            self::ensure($signed->authorization() === self::s($c, 'authorization'), 'authorization differs: ' . $signed->authorization());
            self::ensure($ok, 'the merchant certificate does not verify the signature');
        } else {
            self::ensure($signed->signature() !== $expected, 'our signature equals the wrong one');
            self::ensure(!$ok, 'the wrong signature verifies over the message');
        }
    }

    /** @param array<string, mixed> $c */
    private function responseVerify(array $c): void
    {
        $headers = Headers::fromPairs(self::headers($c));
        $body = self::s($c, 'body');
        self::ensure($headers->message($body) === self::s($c, 'message'), 'message differs');
        $keyFile = self::optS($c, 'key_file');
        try {
            $found = $this->trust->publicKey($headers->serial());
        } catch (\WeChatPay\Core\Exception\SerialUnknownException) {
            $found = null;
        }
        if ($keyFile === null && $found === null) {
            // consistent
        } elseif ($keyFile !== null && $found !== null) {
            $expected = PublicKey::fromPemFile($this->path($keyFile));
            self::ensure($found->spkiDer() === $expected->spkiDer(), 'trust store gives another key than key_file');
        } else {
            throw new CaseFailed('trust-store lookup disagrees with key_file');
        }
        try {
            $now = $headers->timestamp();
        } catch (WeChatPayException) {
            $now = 0;
        }
        try {
            (new Verifier($this->trust))->verifyAt($headers, $body, $now);
            self::ensure(self::valid($c), 'accepted');
        } catch (WeChatPayException $e) {
            self::ensure(!self::valid($c), 'rejected: ' . $e->getMessage());
        }
    }

    /** @param array<string, mixed> $c */
    private function notificationDecrypt(array $c): void
    {
        $result = null;
        try {
            $key = ApiV3Key::of(self::s($c, 'apiv3_key'));
            $result = Resource::decrypt($key, self::optS($c, 'nonce') ?? '', self::optS($c, 'associated_data') ?? '', self::optS($c, 'ciphertext') ?? '');
        } catch (WeChatPayException) {
            $result = null;
        }
        if (self::valid($c)) {
            self::ensure($result === self::optS($c, 'plaintext'), 'decryption gave ' . var_export($result, true));
        } else {
            self::ensure($result === null, 'decrypted an invalid case');
        }
    }

    /** @param array<string, mixed> $c */
    private function notificationFull(array $c): void
    {
        $window = $c['max_clock_skew_seconds'] ?? null;
        self::ensure(is_int($window) && $window >= 0, 'max_clock_skew_seconds');
        $parser = new CallbackParser(new Verifier($this->trust, $window), ApiV3Key::of(self::s($c, 'apiv3_key')));
        $pairs = self::headers($c);
        $body = self::s($c, 'body');
        $headers = Headers::fromPairs($pairs);
        $signatureValid = self::bool($c, 'signature_valid');
        $keyFile = self::optS($c, 'key_file');
        if ($keyFile !== null) {
            $key = PublicKey::fromPemFile($this->path($keyFile));
            $sig = self::b64($headers->signature()) ?? '';
            try {
                $key->verifySha256($headers->message($body), $sig);
                $ok = true;
            } catch (WeChatPayException) {
                $ok = false;
            }
            self::ensure($ok === $signatureValid, 'signature_valid differs');
        }
        try {
            $event = $parser->parseAt($pairs, $body, self::unix(self::s($c, 'now')));
        } catch (WeChatPayException $e) {
            self::ensure(!self::valid($c), 'rejected: ' . $e->getMessage());
            return;
        }
        self::ensure(self::valid($c), 'accepted');
        self::ensure($event->plaintext() === self::optS($c, 'resource_plaintext'), 'plaintext differs');
        self::ensure(array_key_exists('resource', $c) && $event->resource() == $c['resource'] && self::sameJson($event->resource(), $c['resource']), 'parsed resource differs');
    }

    /** Strict JSON equality (types and values; object key order ignored). */
    private static function sameJson(mixed $a, mixed $b): bool
    {
        if (is_array($a) && is_array($b)) {
            if (array_is_list($a) !== array_is_list($b) || count($a) !== count($b)) {
                return false;
            }
            foreach ($a as $k => $v) {
                if (!array_key_exists($k, $b) || !self::sameJson($v, $b[$k])) {
                    return false;
                }
            }
            return true;
        }
        return $a === $b;
    }

    /** @param array<string, mixed> $c */
    private function payParams(array $c): void
    {
        $key = $this->privateKey($c, 'key_file');
        $cert = $this->publicKey($c, 'cert_file');
        [$appid, $prepay, $nonce] = [self::s($c, 'appid'), self::s($c, 'prepay_id'), self::s($c, 'nonce_str')];
        $ts = self::unix(self::s($c, 'timestamp'));
        $expected = $c['expected'] ?? null;
        self::ensure(is_array($expected), 'expected');
        [$ours, $signField] = match (self::s($c, 'kind')) {
            'jsapi' => [PayParams::jsapi($key, $appid, $prepay, $ts, $nonce), 'paySign'],
            'miniprogram' => [PayParams::miniprogram($key, $appid, $prepay, $ts, $nonce), 'paySign'],
            'app' => [PayParams::app($key, $appid, self::s($c, 'mchid'), $prepay, $ts, $nonce), 'sign'],
            default => throw new CaseFailed('unknown pay_params kind `' . self::s($c, 'kind') . '`'),
        };
        $expectedSign = self::s($expected, $signField);
        $ok = self::verifies($cert, self::optS($c, 'message') ?? '', $expectedSign);
        if (self::valid($c)) {
            self::ensure(self::sameJson($ours, $expected), 'parameters differ: ' . json_encode($ours));
            self::ensure($ok, 'certificate does not verify the expected sign over message');
        } else {
            self::ensure(($ours[$signField] ?? null) !== $expected[$signField], 'our sign equals the wrong one');
            self::ensure(!$ok, 'the wrong sign verifies');
        }
    }

    /** @param array<string, mixed> $c */
    private function oaep(array $c): void
    {
        $scheme = self::s($c, 'scheme');
        self::ensure(in_array($scheme, ['oaep-sha1', 'oaep-sha256', 'pkcs1v15'], true), "unknown oaep scheme `$scheme`");
        $decryptor = new SensitiveDecryptor($this->privateKey($c, 'private_key_file'));
        try {
            $result = $decryptor->decrypt(self::s($c, 'ciphertext'));
        } catch (WeChatPayException) {
            $result = null;
        }
        if (self::valid($c)) {
            $plaintext = self::s($c, 'plaintext');
            self::ensure($result === $plaintext, 'decryption gave ' . var_export($result, true));
            $encryptor = SensitiveEncryptor::fromPublicKey('PUB_KEY_ID_TEST', $this->publicKey($c, 'public_key_file'));
            $ours = $encryptor->encrypt($plaintext);
            self::ensure($decryptor->decrypt($ours) === $plaintext, 'round trip failed');
        } else {
            self::ensure($result === null, 'decrypted an invalid ciphertext');
        }
    }

    /** @param array<string, mixed> $c */
    private function v2Sign(array $c): void
    {
        self::ensure(is_array($c['params'] ?? null), 'params');
        $params = new Params();
        foreach ($c['params'] as $name => $value) {
            self::ensure(is_string($value), "param $name is not a string");
            $params->set((string) $name, $value);
        }
        $key = ApiV2Key::of(self::s($c, 'key'));
        $type = self::s($c, 'sign_type');
        self::ensure($params->stringToSign($key) === self::s($c, 'string_to_sign'), 'string_to_sign differs');
        self::ensure($params->sign($key, $type) === self::s($c, 'expected_sign'), 'sign differs');
        if (array_key_exists('sign', $c['params'])) {
            try {
                $params->verify($key, $type);
                $ok = true;
            } catch (WeChatPayException) {
                $ok = false;
            }
            self::ensure($ok === self::valid($c), 'verify disagrees with valid');
        } else {
            self::ensure(self::valid($c), 'a case without `sign` must be valid');
        }
    }

    /** @param array<string, mixed> $c */
    private function v2RefundReqInfo(array $c): void
    {
        $keyText = self::s($c, 'apiv2_key');
        self::ensure(md5($keyText) === self::s($c, 'aes_key'), 'aes_key is not md5(apiv2_key)');
        $key = ApiV2Key::of($keyText);
        try {
            $result = Refund::decryptReqInfo(self::s($c, 'req_info'), $key);
        } catch (WeChatPayException) {
            $result = null;
        }
        if (self::valid($c)) {
            self::ensure($result === self::optS($c, 'expected_xml'), 'decryption gave ' . var_export($result, true));
            self::ensure(count(Refund::decryptReqInfoParams(self::s($c, 'req_info'), $key)) > 0, 'decrypted XML has no fields');
        } else {
            self::ensure($result === null, 'decrypted an invalid req_info');
        }
    }

    /** @param array<string, mixed> $c */
    private function certInfo(array $c): void
    {
        $kind = self::optS($c, 'kind');
        if ($kind === null) {
            $cert = Certificate::fromPemFile($this->path(self::s($c, 'file')));
            self::ensure($cert->serialNo() === self::s($c, 'serial_no'), 'serial ' . $cert->serialNo());
            self::ensure($cert->serialNo() === self::s($c, 'serial_openssl_cli'), 'openssl serial');
            self::ensure($cert->notBefore() === self::rfc3339(self::s($c, 'not_before')), 'not_before');
            self::ensure($cert->notAfter() === self::rfc3339(self::s($c, 'not_after')), 'not_after');
            self::ensure($cert->subject() === self::s($c, 'subject'), 'subject ' . $cert->subject());
            self::ensure($cert->issuer() === self::s($c, 'issuer'), 'issuer ' . $cert->issuer());
            self::ensure($cert->sha256Fingerprint() === self::s($c, 'sha256_fingerprint'), 'fingerprint');
            self::ensure($cert->publicKey()->spkiSha256() === self::s($c, 'spki_sha256'), 'spki_sha256');
            $reference = self::rfc3339(self::s($c, 'reference_time'));
            $expired = self::bool($c, 'expired_at_reference');
            $notYet = self::bool($c, 'not_yet_valid_at_reference');
            self::ensure($cert->isValidAt($reference) === (!$expired && !$notYet), 'validity at reference');
            if (self::optS($c, 'private_key_file') !== null) {
                self::ensure($this->privateKey($c, 'private_key_file')->matches($cert->publicKey()), 'private key does not match');
            }
        } elseif ($kind === 'public_key') {
            $key = $this->publicKey($c, 'file');
            self::ensure($key->spkiSha256() === self::s($c, 'spki_sha256'), 'spki_sha256');
            self::ensure($this->privateKey($c, 'private_key_file')->matches($key), 'private key does not match');
            try {
                $this->trust->publicKey(self::s($c, 'pub_key_id'));
            } catch (WeChatPayException) {
                throw new CaseFailed('pub_key_id not in trust store');
            }
        } elseif ($kind === 'pkcs12') {
            $bytes = file_get_contents($this->path(self::s($c, 'file')));
            self::ensure($bytes !== false, 'cannot read the p12 file');
            [$key, $cert] = PrivateKey::fromPkcs12($bytes, self::s($c, 'password'));
            self::ensure($cert->serialNo() === self::s($c, 'cert_serial_no'), 'p12 certificate serial');
            $fileKey = $this->privateKey($c, 'matches_key_file');
            self::ensure($key->signSha256Base64('p12') === $fileKey->signSha256Base64('p12'), 'p12 key differs from key file');
            $fileCert = Certificate::fromPemFile($this->path(self::s($c, 'matches_cert_file')));
            self::ensure($cert->der() === $fileCert->der(), 'p12 certificate differs from cert file');
            try {
                PrivateKey::fromPkcs12($bytes, 'not-the-password');
                throw new CaseFailed('a wrong password was accepted');
            } catch (WeChatPayException $e) {
                self::ensure($e->getKind() === 'PKCS12', 'a wrong password must be a PKCS12 error');
            }
        } else {
            throw new CaseFailed("unknown cert_info kind `$kind`");
        }
    }

    /** @param array<string, mixed> $c */
    private function billHash(array $c): void
    {
        $hashType = self::s($c, 'hash_type');
        $gzip = self::b64(self::s($c, 'bill_gzip'));
        self::ensure($gzip !== null, 'bill_gzip is not base64');
        $text = self::s($c, 'bill_text');
        Bill::verify($text, 'SHA1', self::s($c, 'sha1'), false);
        Bill::verify($text, 'SHA256', self::s($c, 'sha256'), false);
        Bill::verify($gzip, 'SHA1', self::s($c, 'gzip_sha1'), false);
        $verifier = new BillVerifier($hashType, self::s($c, 'hash_value'), true);
        try {
            foreach (str_split($gzip, 1000) as $chunk) {
                $verifier->update($chunk);
            }
            $verifier->finish();
            $ok = true;
        } catch (WeChatPayException) {
            $ok = false;
        }
        self::ensure($ok === self::valid($c), 'streamed verification disagrees with valid');
        if (array_key_exists('parsed', $c)) {
            self::ensure(self::sameJson(Bill::parse($text), $c['parsed']), 'parsed bill differs');
        }
    }
}
