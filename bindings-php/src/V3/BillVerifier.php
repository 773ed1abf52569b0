<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** Streams a downloaded bill through its announced digest (v3::bill). */
final class BillVerifier extends Handle
{
    protected const FREE = 'wechatpay_bill_verifier_free';

    /** $hashType "SHA1" or "SHA256"; $gzip: the chunks are the .gz file. */
    public function __construct(string $hashType, string $expectedHex, bool $gzip)
    {
        $out = Native::out('wechatpay_bill_verifier*');
        Native::check(Native::ffi()->wechatpay_bill_verifier_new(
            $hashType, strlen($hashType), $expectedHex, strlen($expectedHex), $gzip, \FFI::addr($out)
        ));
        $this->ptr = $out;
    }

    public function update(string $chunk): void
    {
        Native::check(Native::ffi()->wechatpay_bill_verifier_update($this->ptr, $chunk, strlen($chunk)));
    }

    /** Throws BillHashMismatchException when the digest differs. */
    public function finish(): void
    {
        Native::check(Native::ffi()->wechatpay_bill_verifier_finish($this->ptr));
    }
}
