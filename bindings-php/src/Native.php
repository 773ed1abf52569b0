<?php
declare(strict_types=1);

namespace WeChatPay\Core;

use FFI;
use FFI\CData;
use WeChatPay\Core\Exception\WeChatPayException;

/**
 * The FFI handle to libwechatpay and the conversions every class uses.
 *
 * Under php-fpm / `php -S` with `ffi.enable=preload`, the library is declared by
 * `ffi.preload=…/src/FFI/wechatpay.h` and reached through `FFI::scope('wechatpay')`
 * (this class must then be preloaded: see preload.php). On the CLI (`ffi.enable`
 * defaults to `preload` there too but allows cdef from CLI scripts) the header is
 * loaded directly; `WECHATPAY_LIB` may name the library file.
 *
 * @internal
 */
final class Native
{
    private static ?FFI $ffi = null;

    public static function ffi(): FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        try {
            return self::$ffi = FFI::scope('wechatpay');
        } catch (\Throwable) {
            // not preloaded: load the header ourselves
        }
        $header = (string) file_get_contents(__DIR__ . '/FFI/wechatpay.h');
        $header = (string) preg_replace('~^#define .*$~m', '', $header);
        $lib = getenv('WECHATPAY_LIB');
        return self::$ffi = FFI::cdef($header, $lib !== false && $lib !== '' ? $lib : 'libwechatpay.so');
    }

    /** Throws the exception of a non-OK result. */
    public static function check(int $result): void
    {
        if ($result !== 0) {
            throw WeChatPayException::fromResult($result, (string) self::ffi()->wechatpay_last_error_message());
        }
    }

    /** @var array<string, \FFI\CType> parsed C types, by their text (parsing one costs more than the call it serves) */
    private static array $types = [];

    /** The parsed C type `$type`, e.g. `type('size_t[4]')`, cached. */
    public static function type(string $type): \FFI\CType
    {
        return self::$types[$type] ??= self::ffi()->type($type);
    }

    /** A `T*` slot for an out-parameter, e.g. `out('wechatpay_signer*')`. */
    public static function out(string $type): CData
    {
        return self::ffi()->new(self::type($type));
    }

    /** Reads and frees a `char*` output. */
    public static function takeString(CData $slot): string
    {
        $ffi = self::ffi();
        if (FFI::isNull($slot)) {
            return '';
        }
        try {
            return FFI::string($slot);
        } finally {
            $ffi->wechatpay_string_free($slot);
        }
    }

    /** Reads and frees a `uint8_t*` + length output (binary-safe). */
    public static function takeBytes(CData $slot, CData $len): string
    {
        $ffi = self::ffi();
        if (FFI::isNull($slot)) {
            return '';
        }
        try {
            return $len->cdata === 0 ? '' : FFI::string($slot, $len->cdata);
        } finally {
            $ffi->wechatpay_bytes_free($slot, $len->cdata);
        }
    }

    /**
     * Header pairs as the four parallel arrays the C calls take.
     * Accepts ['Name' => 'value', …] (e.g. getallheaders() or $_SERVER: non-string
     * entries are ignored) or a list of [name, value] pairs.
     *
     * @param array<int|string, mixed> $headers
     * @return array{0: ?CData, 1: ?CData, 2: ?CData, 3: ?CData, 4: int, 5: array<int, CData>}
     */
    public static function pairs(array $headers): array
    {
        $list = [];
        foreach ($headers as $name => $value) {
            if (is_array($value) && array_is_list($value) && count($value) === 2 && is_string($value[0]) && is_string($value[1])) {
                $list[] = $value;
            } elseif (is_string($name) && is_string($value)) {
                $list[] = [$name, $value];
            }
        }
        $count = count($list);
        if ($count === 0) {
            return [null, null, null, null, 0, []];
        }
        // One buffer holds every name and value; the pointers are offsets into it.
        $ffi = self::ffi();
        $names = $ffi->new(self::type("const char*[$count]"));
        $nameLens = $ffi->new(self::type("size_t[$count]"));
        $values = $ffi->new(self::type("const char*[$count]"));
        $valueLens = $ffi->new(self::type("size_t[$count]"));
        $blob = '';
        foreach ($list as [$name, $value]) {
            $blob .= $name . $value;
        }
        $buffer = self::buffer($blob);
        $base = FFI::cast(self::type('const char*'), FFI::addr($buffer[0]));
        $offset = 0;
        foreach ($list as $i => [$name, $value]) {
            $names[$i] = $base + $offset;
            $nameLens[$i] = $n = strlen($name);
            $values[$i] = $base + $offset + $n;
            $valueLens[$i] = $v = strlen($value);
            $offset += $n + $v;
        }
        return [$names, $nameLens, $values, $valueLens, $count, [$buffer]];
    }

    private static function buffer(string $text): CData
    {
        $length = strlen($text);
        $buffer = self::ffi()->new('char[' . max(1, $length) . ']');
        if ($length > 0) {
            FFI::memcpy($buffer, $text, $length);
        }
        return $buffer;
    }
}
