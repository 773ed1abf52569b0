<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\PrivateKey;
use WeChatPay\Core\Native;

/** Signs merchant requests (v3::sign). One per merchant; build once. */
final class Signer extends Handle
{
    protected const FREE = 'wechatpay_signer_free';

    public function __construct(string $mchid, string $serialNo, PrivateKey $key)
    {
        $out = Native::out('wechatpay_signer*');
        Native::check(Native::ffi()->wechatpay_signer_new($mchid, strlen($mchid), $serialNo, strlen($serialNo), $key->ptr, \FFI::addr($out)));
        $this->ptr = $out;
    }

    /** Signs with the current time and a random nonce. $url: path + query as sent. */
    public function sign(string $method, string $url, string $body = ''): SignedRequest
    {
        $out = Native::out('wechatpay_signed_request*');
        Native::check(Native::ffi()->wechatpay_signer_sign(
            $this->ptr, $method, strlen($method), $url, strlen($url), $body, strlen($body), \FFI::addr($out)
        ));
        return SignedRequest::adopt($out);
    }

    /** Signs with a given timestamp (Unix seconds) and nonce. */
    public function signWith(string $method, string $url, string $body, int $timestamp, string $nonce): SignedRequest
    {
        $out = Native::out('wechatpay_signed_request*');
        Native::check(Native::ffi()->wechatpay_signer_sign_with(
            $this->ptr, $method, strlen($method), $url, strlen($url), $body, strlen($body), $timestamp, $nonce, strlen($nonce), \FFI::addr($out)
        ));
        return SignedRequest::adopt($out);
    }
}
