<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Native;

/** The answer to a callback: 200 + SUCCESS, or 500 + FAIL (which makes WeChat Pay retry). */
final class Acknowledgement
{
    private function __construct(public readonly int $status, public readonly string $body)
    {
    }

    public static function success(): self
    {
        return self::of(true);
    }

    public static function failure(): self
    {
        return self::of(false);
    }

    private static function of(bool $success): self
    {
        $status = Native::out('uint16_t');
        $body = Native::out('const char*');
        Native::check(Native::ffi()->wechatpay_acknowledgement($success, \FFI::addr($status), \FFI::addr($body)));
        return new self($status->cdata, \FFI::string($body));
    }

    /** Sends status, Content-Type and body (in a web SAPI). */
    public function send(): void
    {
        http_response_code($this->status);
        header('Content-Type: application/json');
        echo $this->body;
    }
}
