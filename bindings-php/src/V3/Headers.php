<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** The `Wechatpay-*` headers of one response or callback (v3::verify). */
final class Headers extends Handle
{
    protected const FREE = 'wechatpay_headers_free';

    /**
     * @param array<int|string, mixed> $headers ['Name' => 'value'] in any case, $_SERVER
     *        (HTTP_WECHATPAY_*), or a list of [name, value] pairs
     */
    public static function fromPairs(array $headers): self
    {
        [$names, $nameLens, $values, $valueLens, $count, $keep] = Native::pairs($headers);
        $out = Native::out('wechatpay_headers*');
        Native::check(Native::ffi()->wechatpay_headers_from_pairs($names, $nameLens, $values, $valueLens, $count, \FFI::addr($out)));
        unset($keep);
        return self::adopt($out);
    }

    private function text(int $field): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_headers_text($this->ptr, $field, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** `Wechatpay-Timestamp` as Unix seconds. */
    public function timestamp(): int
    {
        $out = Native::out('int64_t');
        Native::check(Native::ffi()->wechatpay_headers_timestamp($this->ptr, \FFI::addr($out)));
        return $out->cdata;
    }

    public function nonce(): string
    {
        return $this->text(1);
    }

    public function serial(): string
    {
        return $this->text(2);
    }

    public function signature(): string
    {
        return $this->text(3);
    }

    /**
     * The headers as sent: name => value (`Wechatpay-Signature-Type` and
     * `Request-ID` only when present).
     *
     * @return array<string, string>
     */
    public function toArray(): array
    {
        $all = [
            'Wechatpay-Timestamp' => $this->text(0),
            'Wechatpay-Nonce' => $this->text(1),
            'Wechatpay-Serial' => $this->text(2),
            'Wechatpay-Signature' => $this->text(3),
        ];
        foreach ([4 => 'Wechatpay-Signature-Type', 5 => 'Request-ID'] as $field => $name) {
            try {
                $all[$name] = $this->text($field);
            } catch (\WeChatPay\Core\Exception\HeaderMissingException) {
                // absent
            }
        }
        return $all;
    }

    /** The signed message `TIMESTAMP\nNONCE\nBODY\n`. */
    public function message(string $body): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_headers_message($this->ptr, $body, strlen($body), \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }
}
