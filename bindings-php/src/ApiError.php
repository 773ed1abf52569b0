<?php
declare(strict_types=1);

namespace WeChatPay\Core;

/** An APIv3 error answer, and the catalogue of error codes (api_error). */
final class ApiError extends Handle
{
    protected const FREE = 'wechatpay_api_error_free';

    /** $status: the HTTP status, or 0 when unknown. Throws JsonException for non-APIv3 bodies. */
    public static function parse(string $body, int $status = 0): self
    {
        $out = Native::out('wechatpay_api_error*');
        Native::check(Native::ffi()->wechatpay_api_error_parse($status, $body, strlen($body), \FFI::addr($out)));
        return self::adopt($out);
    }

    private function text(int $field): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_api_error_text($this->ptr, $field, \FFI::addr($out)));
        return Native::takeString($out);
    }

    public function code(): string
    {
        return $this->text(0);
    }

    public function message(): string
    {
        return $this->text(1);
    }

    /** The `detail` object, decoded (null when absent). */
    public function detail(): mixed
    {
        return json_decode($this->text(2), true, 512, JSON_THROW_ON_ERROR);
    }

    public function isRetryable(): bool
    {
        $out = Native::out('bool');
        Native::check(Native::ffi()->wechatpay_api_error_is_retryable($this->ptr, \FFI::addr($out)));
        return $out->cdata;
    }

    /**
     * What a WeChat Pay error code means (underscores and case ignored), or null.
     *
     * @return array{code: string, meaning: string, action: string, retryable: bool}|null
     */
    public static function lookup(string $code): ?array
    {
        $found = Native::out('bool');
        $canonical = Native::out('const char*');
        $meaning = Native::out('const char*');
        $action = Native::out('const char*');
        $retryable = Native::out('bool');
        Native::check(Native::ffi()->wechatpay_api_error_lookup(
            $code, strlen($code), \FFI::addr($found), \FFI::addr($canonical), \FFI::addr($meaning), \FFI::addr($action), \FFI::addr($retryable)
        ));
        if (!$found->cdata) {
            return null;
        }
        return [
            'code' => \FFI::string($canonical),
            'meaning' => \FFI::string($meaning),
            'action' => \FFI::string($action),
            'retryable' => $retryable->cdata,
        ];
    }
}
