<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Keys\PublicKey;
use WeChatPay\Core\Native;

/** Platform certificates and WeChat Pay public keys, by exact `Wechatpay-Serial` (v3::verify). */
final class TrustStore extends Handle implements \Countable
{
    protected const FREE = 'wechatpay_trust_store_free';

    public function __construct()
    {
        $out = Native::out('wechatpay_trust_store*');
        Native::check(Native::ffi()->wechatpay_trust_store_new(\FFI::addr($out)));
        $this->ptr = $out;
    }

    public function addCertificate(Certificate $certificate): self
    {
        Native::check(Native::ffi()->wechatpay_trust_store_add_certificate($this->ptr, $certificate->ptr));
        return $this;
    }

    /** $keyId: `PUB_KEY_ID_…`. */
    public function addPublicKey(string $keyId, PublicKey $key): self
    {
        Native::check(Native::ffi()->wechatpay_trust_store_add_public_key($this->ptr, $keyId, strlen($keyId), $key->ptr));
        return $this;
    }

    public function remove(string $serial): bool
    {
        $out = Native::out('bool');
        Native::check(Native::ffi()->wechatpay_trust_store_remove($this->ptr, $serial, strlen($serial), \FFI::addr($out)));
        return $out->cdata;
    }

    /** Removes the certificates expired at $now; returns how many. */
    public function removeExpiredAt(int $now): int
    {
        $out = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_trust_store_remove_expired_at($this->ptr, $now, \FFI::addr($out)));
        return $out->cdata;
    }

    public function count(): int
    {
        $out = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_trust_store_len($this->ptr, \FFI::addr($out)));
        return $out->cdata;
    }

    /** The key stored under $serial; SerialUnknownException when absent. */
    public function publicKey(string $serial): PublicKey
    {
        $out = Native::out('wechatpay_public_key*');
        Native::check(Native::ffi()->wechatpay_trust_store_get_public_key($this->ptr, $serial, strlen($serial), \FFI::addr($out)));
        return PublicKey::adopt($out);
    }
}
