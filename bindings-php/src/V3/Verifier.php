<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** Verifies responses and callbacks (v3::verify). Throws the reason's exception. */
final class Verifier extends Handle
{
    protected const FREE = 'wechatpay_verifier_free';

    /** Over the current content of $store; $replayWindow seconds (300 by default). */
    public function __construct(TrustStore $store, int $replayWindow = 300)
    {
        $out = Native::out('wechatpay_verifier*');
        Native::check(Native::ffi()->wechatpay_verifier_new($store->ptr, $replayWindow, \FFI::addr($out)));
        $this->ptr = $out;
    }

    /** Against the system clock. $body: the raw response body. */
    public function verify(Headers $headers, string $body): void
    {
        Native::check(Native::ffi()->wechatpay_verifier_verify($this->ptr, $headers->ptr, $body, strlen($body)));
    }

    /** With $now (Unix seconds) as the receiver's clock. */
    public function verifyAt(Headers $headers, string $body, int $now): void
    {
        Native::check(Native::ffi()->wechatpay_verifier_verify_at($this->ptr, $headers->ptr, $body, strlen($body), $now));
    }
}
