<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Native;

/** Whole-bill helpers (v3::bill). */
final class Bill
{
    public static function verify(string $data, string $hashType, string $expectedHex, bool $gzip): void
    {
        Native::check(Native::ffi()->wechatpay_bill_verify(
            $data, strlen($data), $hashType, strlen($hashType), $expectedHex, strlen($expectedHex), $gzip
        ));
    }

    /** @return array{rows: list<array<string, string>>, summary: array<string, string>} */
    public static function parse(string $text): array
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_bill_parse($text, strlen($text), \FFI::addr($out)));
        return json_decode(Native::takeString($out), true, 512, JSON_THROW_ON_ERROR);
    }
}
