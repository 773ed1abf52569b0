<?php
declare(strict_types=1);

namespace WeChatPay\Core;

/** Facts about the loaded libwechatpay. */
final class Library
{
    /** e.g. "0.1.0". */
    public static function version(): string
    {
        return (string) Native::ffi()->wechatpay_version();
    }

    /** The active crypto backend, e.g. "aws-lc-rs". */
    public static function backend(): string
    {
        return (string) Native::ffi()->wechatpay_backend_name();
    }

    /** The stable name of a result code ("OK", "SIGNATURE_PROBE", …, "UNKNOWN"). */
    public static function resultName(int $code): string
    {
        return (string) Native::ffi()->wechatpay_result_name($code);
    }

    /** The category of a result code ("VERIFICATION", "DECRYPTION", …, "UNKNOWN"). */
    public static function resultCategory(int $code): string
    {
        return (string) Native::ffi()->wechatpay_result_category($code);
    }
}
