<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Keys\PublicKey;
use WeChatPay\Core\Native;

/** RSA-OAEP encryption of sensitive request fields (v3::sensitive). */
final class SensitiveEncryptor extends Handle
{
    protected const FREE = 'wechatpay_sensitive_encryptor_free';

    public static function fromCertificate(Certificate $certificate): self
    {
        $out = Native::out('wechatpay_sensitive_encryptor*');
        Native::check(Native::ffi()->wechatpay_sensitive_encryptor_from_certificate($certificate->ptr, \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromPublicKey(string $keyId, PublicKey $key): self
    {
        $out = Native::out('wechatpay_sensitive_encryptor*');
        Native::check(Native::ffi()->wechatpay_sensitive_encryptor_from_public_key($keyId, strlen($keyId), $key->ptr, \FFI::addr($out)));
        return self::adopt($out);
    }

    /** For the certificate of $store WeChat Pay wants at $now (else its only public key). */
    public static function fromTrustStoreAt(TrustStore $store, int $now): self
    {
        $out = Native::out('wechatpay_sensitive_encryptor*');
        Native::check(Native::ffi()->wechatpay_sensitive_encryptor_from_trust_store_at($store->ptr, $now, \FFI::addr($out)));
        return self::adopt($out);
    }

    /** The `Wechatpay-Serial` header value to send. */
    public function serial(): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_sensitive_encryptor_serial($this->ptr, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** Base64 ciphertext of one field. */
    public function encrypt(string $plaintext): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_sensitive_encryptor_encrypt($this->ptr, $plaintext, strlen($plaintext), \FFI::addr($out)));
        return Native::takeString($out);
    }
}
