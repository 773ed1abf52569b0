<?php
declare(strict_types=1);

namespace WeChatPay\Core\Keys;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** The APIv3 key (32 ASCII characters); zeroized in the library when the object dies. */
final class ApiV3Key extends Handle
{
    protected const FREE = 'wechatpay_apiv3_key_free';

    public static function of(string $key): self
    {
        $out = Native::out('wechatpay_apiv3_key*');
        Native::check(Native::ffi()->wechatpay_apiv3_key_new($key, strlen($key), \FFI::addr($out)));
        return self::adopt($out);
    }
}
