<?php
declare(strict_types=1);

namespace WeChatPay\Core\V2;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\ApiV2Key;
use WeChatPay\Core\Native;

/** APIv2 parameters: unique names, insertion order (v2::Params); sign, verify, XML. */
final class Params extends Handle implements \Countable
{
    protected const FREE = 'wechatpay_v2_params_free';

    /** @param array<string, string|int> $params */
    public function __construct(array $params = [])
    {
        $out = Native::out('wechatpay_v2_params*');
        Native::check(Native::ffi()->wechatpay_v2_params_new(\FFI::addr($out)));
        $this->ptr = $out;
        foreach ($params as $name => $value) {
            $this->set((string) $name, (string) $value);
        }
    }

    /** Decodes `<xml>…</xml>` (DOCTYPE, duplicates and nesting are refused). */
    public static function fromXml(string $xml): self
    {
        $out = Native::out('wechatpay_v2_params*');
        Native::check(Native::ffi()->wechatpay_v2_xml_decode($xml, strlen($xml), \FFI::addr($out)));
        return self::adopt($out);
    }

    public function set(string $name, string $value): self
    {
        Native::check(Native::ffi()->wechatpay_v2_params_set($this->ptr, $name, strlen($name), $value, strlen($value)));
        return $this;
    }

    /** The value, or null when absent. */
    public function get(string $name): ?string
    {
        return $this->toArray()[$name] ?? null;
    }

    public function count(): int
    {
        $out = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_v2_params_len($this->ptr, \FFI::addr($out)));
        return $out->cdata;
    }

    /** @return array<string, string> */
    public function toArray(): array
    {
        $ffi = Native::ffi();
        $all = [];
        for ($i = 0, $n = $this->count(); $i < $n; $i++) {
            $name = Native::out('char*');
            $value = Native::out('char*');
            Native::check($ffi->wechatpay_v2_params_entry($this->ptr, $i, \FFI::addr($name), \FFI::addr($value)));
            $all[Native::takeString($name)] = Native::takeString($value);
        }
        return $all;
    }

    public function toXml(): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_v2_xml_encode($this->ptr, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** The exact string that is hashed. It contains the key: never log it. */
    public function stringToSign(ApiV2Key $key): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_v2_string_to_sign($this->ptr, $key->ptr, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** Uppercase hex sign; $signType "MD5" or "HMAC-SHA256". */
    public function sign(ApiV2Key $key, string $signType = 'MD5'): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_v2_sign($this->ptr, $key->ptr, $signType, strlen($signType), \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** Checks the `sign` parameter; throws (e.g. SignatureInvalidException) when it is wrong. */
    public function verify(ApiV2Key $key, string $signType = 'MD5'): void
    {
        Native::check(Native::ffi()->wechatpay_v2_verify($this->ptr, $key->ptr, $signType, strlen($signType)));
    }

    /** The XML answer to an APIv2 notification (success when $failMessage is null). */
    public static function ackXml(?string $failMessage = null): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_v2_xml_ack($failMessage, $failMessage === null ? 0 : strlen($failMessage), \FFI::addr($out)));
        return Native::takeString($out);
    }
}
