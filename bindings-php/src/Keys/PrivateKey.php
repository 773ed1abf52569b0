<?php
declare(strict_types=1);

namespace WeChatPay\Core\Keys;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** The merchant RSA private key (`apiclient_key.pem`). Load once, share; prints as a handle only. */
final class PrivateKey extends Handle
{
    protected const FREE = 'wechatpay_private_key_free';

    /** PEM: `BEGIN PRIVATE KEY` (PKCS#8) or `BEGIN RSA PRIVATE KEY` (PKCS#1). */
    public static function fromPem(string $pem): self
    {
        $out = Native::out('wechatpay_private_key*');
        Native::check(Native::ffi()->wechatpay_private_key_from_pem($pem, strlen($pem), \FFI::addr($out)));
        return self::adopt($out);
    }

    /** DER: PKCS#8 or PKCS#1. */
    public static function fromDer(string $der): self
    {
        $out = Native::out('wechatpay_private_key*');
        Native::check(Native::ffi()->wechatpay_private_key_from_der($der, strlen($der), \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromPemFile(string $path): self
    {
        $out = Native::out('wechatpay_private_key*');
        Native::check(Native::ffi()->wechatpay_private_key_from_pem_file($path, strlen($path), \FFI::addr($out)));
        return self::adopt($out);
    }

    /**
     * The key and certificate of a PKCS#12 file (`apiclient_cert.p12`; the password defaults to the mchid).
     *
     * @return array{0: PrivateKey, 1: Certificate}
     */
    public static function fromPkcs12(string $p12, string $password): array
    {
        $key = Native::out('wechatpay_private_key*');
        $cert = Native::out('wechatpay_certificate*');
        Native::check(Native::ffi()->wechatpay_private_key_from_pkcs12(
            $p12, strlen($p12), $password, strlen($password), \FFI::addr($key), \FFI::addr($cert)
        ));
        return [self::adopt($key), Certificate::adopt($cert)];
    }

    /** Modulus length in bytes (256 for RSA-2048). */
    public function modulusLength(): int
    {
        $out = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_private_key_modulus_len($this->ptr, \FFI::addr($out)));
        return $out->cdata;
    }

    /** Base64 RSASSA-PKCS1-v1_5 SHA-256 signature of $message. */
    public function signSha256Base64(string $message): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_private_key_sign_sha256_base64($this->ptr, $message, strlen($message), \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** Whether $public is the public half of this key. */
    public function matches(PublicKey $public): bool
    {
        $out = Native::out('bool');
        Native::check(Native::ffi()->wechatpay_private_key_matches($this->ptr, $public->ptr, \FFI::addr($out)));
        return $out->cdata;
    }
}
