<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Native;

/** WeChat Pay's side (tests, local gateways): builds callback bodies (v3::notify). */
final class CallbackEnvelope
{
    /** The body of a callback carrying $resource (plaintext JSON), sealed with $key and a 12-byte $nonce. */
    public static function seal(
        string $id,
        string $createTime,
        string $eventType,
        string $summary,
        string $originalType,
        string $resource,
        ApiV3Key $key,
        string $nonce
    ): string {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_callback_envelope_seal(
            $id, strlen($id), $createTime, strlen($createTime), $eventType, strlen($eventType), $summary, strlen($summary),
            $originalType, strlen($originalType), $resource, strlen($resource), $key->ptr, $nonce, strlen($nonce), \FFI::addr($out)
        ));
        return Native::takeString($out);
    }
}
