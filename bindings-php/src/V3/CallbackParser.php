<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Native;

/**
 * Verifies and decrypts callbacks (v3::notify):
 *
 *     $event = $parser->parse($_SERVER, file_get_contents('php://input'));
 */
final class CallbackParser extends Handle
{
    protected const FREE = 'wechatpay_callback_parser_free';

    public function __construct(Verifier $verifier, ApiV3Key $apiV3Key)
    {
        $out = Native::out('wechatpay_callback_parser*');
        Native::check(Native::ffi()->wechatpay_callback_parser_new($verifier->ptr, $apiV3Key->ptr, \FFI::addr($out)));
        $this->ptr = $out;
    }

    /**
     * Against the system clock.
     *
     * @param array<int|string, mixed> $headers getallheaders(), $_SERVER, or [name, value] pairs
     * @param string $body the raw request body, exactly as received
     */
    public function parse(array $headers, string $body): CallbackEvent
    {
        [$names, $nameLens, $values, $valueLens, $count, $keep] = Native::pairs($headers);
        $out = Native::out('wechatpay_callback_event*');
        Native::check(Native::ffi()->wechatpay_callback_parser_parse(
            $this->ptr, $names, $nameLens, $values, $valueLens, $count, $body, strlen($body), \FFI::addr($out)
        ));
        unset($keep);
        return CallbackEvent::adopt($out);
    }

    /**
     * With $now (Unix seconds) as the receiver's clock.
     *
     * @param array<int|string, mixed> $headers
     */
    public function parseAt(array $headers, string $body, int $now): CallbackEvent
    {
        [$names, $nameLens, $values, $valueLens, $count, $keep] = Native::pairs($headers);
        $out = Native::out('wechatpay_callback_event*');
        Native::check(Native::ffi()->wechatpay_callback_parser_parse_at(
            $this->ptr, $names, $nameLens, $values, $valueLens, $count, $body, strlen($body), $now, \FFI::addr($out)
        ));
        unset($keep);
        return CallbackEvent::adopt($out);
    }
}
