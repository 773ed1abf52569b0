<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use FFI\CData;
use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Native;

/** The `/v3/certificates` download (v3::certificates). */
final class Certificates
{
    /** Decrypts every certificate of the body (no signature check). @return list<Certificate> */
    public static function decrypt(string $body, ApiV3Key $key): array
    {
        $out = Native::out('wechatpay_certificate_list*');
        Native::check(Native::ffi()->wechatpay_certificates_decrypt($body, strlen($body), $key->ptr, \FFI::addr($out)));
        return self::take($out);
    }

    /** Decrypts, then verifies the response with what it contains (and $fallback). @return list<Certificate> */
    public static function downloadResponse(Headers $headers, string $body, ApiV3Key $key, ?TrustStore $fallback, int $now): array
    {
        $out = Native::out('wechatpay_certificate_list*');
        Native::check(Native::ffi()->wechatpay_certificates_download_response(
            $headers->ptr, $body, strlen($body), $key->ptr, $fallback?->ptr, $now, \FFI::addr($out)
        ));
        return self::take($out);
    }

    /** @return list<Certificate> */
    private static function take(CData $list): array
    {
        $ffi = Native::ffi();
        try {
            $len = Native::out('size_t');
            Native::check($ffi->wechatpay_certificate_list_len($list, \FFI::addr($len)));
            $certificates = [];
            for ($i = 0; $i < $len->cdata; $i++) {
                $cert = Native::out('wechatpay_certificate*');
                Native::check($ffi->wechatpay_certificate_list_get($list, $i, \FFI::addr($cert)));
                $certificates[] = Certificate::adopt($cert);
            }
            return $certificates;
        } finally {
            $ffi->wechatpay_certificate_list_free($list);
        }
    }
}
