<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Native;

/** AEAD_AES_256_GCM resources (v3::resource). */
final class Resource
{
    /** Decrypts base64 ciphertext‖tag with a 12-byte nonce. */
    public static function decrypt(ApiV3Key $key, string $nonce, string $associatedData, string $ciphertext): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_resource_decrypt(
            $key->ptr, $nonce, strlen($nonce), $associatedData, strlen($associatedData), $ciphertext, strlen($ciphertext), \FFI::addr($out), \FFI::addr($len)
        ));
        return Native::takeBytes($out, $len);
    }

    /** Encrypts to base64 ciphertext‖tag. Never reuse a nonce under one key. */
    public static function encrypt(ApiV3Key $key, string $nonce, string $associatedData, string $plaintext): string
    {
        $out = Native::out('char*');
        Native::check(Native::ffi()->wechatpay_resource_encrypt(
            $key->ptr, $nonce, strlen($nonce), $associatedData, strlen($associatedData), $plaintext, strlen($plaintext), \FFI::addr($out)
        ));
        return Native::takeString($out);
    }
}
