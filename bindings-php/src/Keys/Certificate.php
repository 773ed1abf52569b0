<?php
declare(strict_types=1);

namespace WeChatPay\Core\Keys;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** An X.509 certificate (merchant or WeChat Pay platform). */
final class Certificate extends Handle
{
    protected const FREE = 'wechatpay_certificate_free';

    public static function fromPem(string $pem): self
    {
        $out = Native::out('wechatpay_certificate*');
        Native::check(Native::ffi()->wechatpay_certificate_from_pem($pem, strlen($pem), \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromDer(string $der): self
    {
        $out = Native::out('wechatpay_certificate*');
        Native::check(Native::ffi()->wechatpay_certificate_from_der($der, strlen($der), \FFI::addr($out)));
        return self::adopt($out);
    }

    public static function fromPemFile(string $path): self
    {
        $out = Native::out('wechatpay_certificate*');
        Native::check(Native::ffi()->wechatpay_certificate_from_pem_file($path, strlen($path), \FFI::addr($out)));
        return self::adopt($out);
    }

    private function text(int $field): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_certificate_text($this->ptr, $field, \FFI::addr($out)));
        return Native::takeString($out);
    }

    /** The serial as WeChat Pay prints it (the `Wechatpay-Serial` value). */
    public function serialNo(): string
    {
        return $this->text(0);
    }

    /** RFC 4514 subject. */
    public function subject(): string
    {
        return $this->text(1);
    }

    /** RFC 4514 issuer. */
    public function issuer(): string
    {
        return $this->text(2);
    }

    /** Uppercase hex SHA-256 of the DER certificate. */
    public function sha256Fingerprint(): string
    {
        return $this->text(3);
    }

    /** @return array{0: int, 1: int} notBefore and notAfter, Unix seconds */
    public function validity(): array
    {
        $before = Native::out('int64_t');
        $after = Native::out('int64_t');
        Native::check(Native::ffi()->wechatpay_certificate_validity($this->ptr, \FFI::addr($before), \FFI::addr($after)));
        return [$before->cdata, $after->cdata];
    }

    public function notBefore(): int
    {
        return $this->validity()[0];
    }

    public function notAfter(): int
    {
        return $this->validity()[1];
    }

    public function isValidAt(int $unixTime): bool
    {
        $out = Native::out('bool');
        Native::check(Native::ffi()->wechatpay_certificate_is_valid_at($this->ptr, $unixTime, \FFI::addr($out)));
        return $out->cdata;
    }

    /** The DER encoding (binary). */
    public function der(): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_certificate_der($this->ptr, \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }

    public function publicKey(): PublicKey
    {
        $out = Native::out('wechatpay_public_key*');
        Native::check(Native::ffi()->wechatpay_certificate_public_key($this->ptr, \FFI::addr($out)));
        return PublicKey::adopt($out);
    }
}
