<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** One signed request. */
final class SignedRequest extends Handle
{
    protected const FREE = 'wechatpay_signed_request_free';

    private function text(int $field): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_signed_request_text($this->ptr, $field, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** The `Authorization` header value. */
    public function authorization(): string
    {
        return $this->text(0);
    }

    /** The signed message `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`. */
    public function message(): string
    {
        return $this->text(1);
    }

    /** Base64 signature. */
    public function signature(): string
    {
        return $this->text(2);
    }

    public function nonce(): string
    {
        return $this->text(3);
    }

    public function timestamp(): int
    {
        $out = Native::out('int64_t');
        Native::check(Native::ffi()->wechatpay_signed_request_timestamp($this->ptr, \FFI::addr($out)));
        return $out->cdata;
    }
}
