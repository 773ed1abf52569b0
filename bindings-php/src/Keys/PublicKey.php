<?php
declare(strict_types=1);

namespace WeChatPay\Core\Keys;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** An RSA public key (e.g. the WeChat Pay public key of `PUB_KEY_ID_…`). */
final class PublicKey extends Handle
{
    protected const FREE = 'wechatpay_public_key_free';

    /** PEM `PUBLIC KEY` / `RSA PUBLIC KEY`, or a certificate's public key. */
    public static function fromPem(string $pem): self
    {
        $out = Native::out('wechatpay_public_key*');
        Native::check(Native::ffi()->wechatpay_public_key_from_pem($pem, strlen($pem), \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromSpkiDer(string $der): self
    {
        $out = Native::out('wechatpay_public_key*');
        Native::check(Native::ffi()->wechatpay_public_key_from_spki_der($der, strlen($der), \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromPemFile(string $path): self
    {
        $out = Native::out('wechatpay_public_key*');
        Native::check(Native::ffi()->wechatpay_public_key_from_pem_file($path, strlen($path), \FFI::addr($out)));
        return self::adopt($out);
    }

    /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
    public function spkiSha256(): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_public_key_spki_sha256($this->ptr, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** The DER SubjectPublicKeyInfo (binary). */
    public function spkiDer(): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_public_key_spki_der($this->ptr, \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }

    /** Verifies a raw RSA-SHA256 signature of $message; throws SignatureInvalidException / SignatureMalformedException. */
    public function verifySha256(string $message, string $signature): void
    {
        Native::check(Native::ffi()->wechatpay_public_key_verify_sha256($this->ptr, $message, strlen($message), $signature, strlen($signature)));
    }

    /** Like verifySha256() with a base64 signature (strict). */
    public function verifySha256Base64(string $message, string $signature): void
    {
        Native::check(Native::ffi()->wechatpay_public_key_verify_sha256_base64($this->ptr, $message, strlen($message), $signature, strlen($signature)));
    }
}
