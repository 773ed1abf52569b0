<?php
declare(strict_types=1);

namespace WeChatPay\Core\V3;

use WeChatPay\Core\Handle;
use WeChatPay\Core\Native;

/** A verified and decrypted callback. Holds payer data: do not log it. */
final class CallbackEvent extends Handle
{
    protected const FREE = 'wechatpay_callback_event_free';

    private function field(int $field): string
    {
        $out = Native::out('uint8_t*');
        $len = Native::out('size_t');
        Native::check(Native::ffi()->wechatpay_callback_event_field($this->ptr, $field, \FFI::addr($out), \FFI::addr($len)));
        return Native::takeBytes($out, $len);
    }

    /** Notification id (the same id may be delivered more than once). */
    public function id(): string
    {
        return $this->field(0);
    }

    public function createTime(): string
    {
        return $this->field(1);
    }

    /** e.g. `TRANSACTION.SUCCESS`. */
    public function eventType(): string
    {
        return $this->field(2);
    }

    public function summary(): string
    {
        return $this->field(3);
    }

    public function resourceType(): string
    {
        return $this->field(4);
    }

    /** e.g. `transaction`, `refund`. */
    public function originalType(): string
    {
        return $this->field(5);
    }

    public function associatedData(): string
    {
        return $this->field(6);
    }

    /** The decrypted resource, as text (JSON). */
    public function plaintext(): string
    {
        return $this->field(7);
    }

    /** The decrypted resource, decoded. @return array<string, mixed> */
    public function resource(): array
    {
        // The plaintext is the resource's JSON as sent (the core checked it is JSON when it
        // parsed the callback); decoding it here spares the library a parse and a re-serialisation.
        return (array) json_decode($this->field(7), true, 512, JSON_THROW_ON_ERROR);
    }
}
