<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** An image/video upload: meta JSON, multipart body, signature (v3::media). */
final class MediaUpload extends Handle
{
    protected const FREE = 'wechatpay_media_upload_free';

    /** $boundary null: random. */
    public function __construct(string $filename, string $file, ?string $boundary = null)
    {
        $out = Native::out('wechatpay_media_upload*');
        Native::check(Native::ffi()->wechatpay_media_upload_new(
            $filename, strlen($filename), $file, strlen($file), $boundary, $boundary === null ? 0 : strlen($boundary), \FFI::addr($out)
        ));
        $this->ptr = $out;
    }

    private function text(int $field): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_media_upload_text($this->ptr, $field, \FFI::addr($out)));
        return Native::takeString($out);
    }

    public function meta(): string
    {
        return $this->text(0);
    }

    public function sha256(): string
    {
        return $this->text(1);
    }

    public function contentType(): string
    {
        return $this->text(2);
    }

    public function body(): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_media_upload_body($this->ptr, \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }

    public function sign(Signer $signer, string $url): SignedRequest
    {
        $out = Native::out('wechatpay_signed_request*');
        Native::check(Native::ffi()->wechatpay_media_upload_sign($this->ptr, $signer->ptr, $url, strlen($url), \FFI::addr($out)));
        return SignedRequest::adopt($out);
    }
}
