<?php
declare(strict_types=1);

namespace WeChatPay\Core\V2;

use WeChatPay\Core\Keys\ApiV2Key;
use WeChatPay\Core\Native;

/** APIv2 refund notifications: `req_info` decryption (v2::refund). */
final class Refund
{
    /** The decrypted XML text. */
    public static function decryptReqInfo(string $reqInfo, ApiV2Key $key): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_v2_refund_decrypt_req_info($reqInfo, strlen($reqInfo), $key->ptr, \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }

    public static function decryptReqInfoParams(string $reqInfo, ApiV2Key $key): Params
    {
        $out = Native::out('wechatpay_v2_params*');
        Native::check(Native::ffi()->wechatpay_v2_refund_decrypt_req_info_params($reqInfo, strlen($reqInfo), $key->ptr, \FFI::addr($out)));
        return Params::adopt($out);
    }
}
