<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Keys\PrivateKey;
use WeChatPay\Core\Native;

/** RSA-OAEP decryption of sensitive response fields (v3::sensitive). */
final class SensitiveDecryptor extends Handle
{
    protected const FREE = 'wechatpay_sensitive_decryptor_free';

    public function __construct(PrivateKey $key)
    {
        $out = Native::out('wechatpay_sensitive_decryptor*');
        Native::check(Native::ffi()->wechatpay_sensitive_decryptor_new($key->ptr, \FFI::addr($out)));
        $this->ptr = $out;
    }

    public function decrypt(string $ciphertext): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_sensitive_decryptor_decrypt($this->ptr, $ciphertext, strlen($ciphertext), \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }
}
