<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Keys\PrivateKey;
use WeChatPay\Core\Native;

/** WeChat Pay's side (tests, local gateways): signs responses and callbacks (v3::verify). */
final class ResponseSigner extends Handle
{
    protected const FREE = 'wechatpay_response_signer_free';

    public static function fromCertificate(PrivateKey $key, Certificate $certificate): self
    {
        $out = Native::out('wechatpay_response_signer*');
        Native::check(Native::ffi()->wechatpay_response_signer_new($key->ptr, $certificate->ptr, null, 0, \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromPublicKeyId(PrivateKey $key, string $keyId): self
    {
        $out = Native::out('wechatpay_response_signer*');
        Native::check(Native::ffi()->wechatpay_response_signer_new($key->ptr, null, $keyId, strlen($keyId), \FFI::addr($out)));
        return self::adopt($out);
    }

    /** The `Wechatpay-*` headers for $body at $now. */
    public function signAt(string $body, int $now): Headers
    {
        $out = Native::out('wechatpay_headers*');
        Native::check(Native::ffi()->wechatpay_response_signer_sign_at($this->ptr, $body, strlen($body), $now, \FFI::addr($out)));
        return Headers::adopt($out);
    }
}
