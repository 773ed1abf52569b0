<?php
declare(strict_types=1);

namespace WeChatPay\Core;

use FFI\CData;

/**
 * An object that owns one libwechatpay handle and frees it in __destruct.
 *
 * @internal
 */
abstract class Handle
{
    /** The C function that frees this handle type. */
    protected const FREE = '';

    /** @internal */
    public CData $ptr;

    /** @internal wraps a handle written by a C call (its out-slot). */
    public static function adopt(CData $ptr): static
    {
        $object = (new \ReflectionClass(static::class))->newInstanceWithoutConstructor();
        $object->ptr = $ptr;
        return $object;
    }

    public function __destruct()
    {
        if (isset($this->ptr)) {
            $free = static::FREE;
            Native::ffi()->$free($this->ptr);
        }
    }

    public function __clone()
    {
        throw new \LogicException(static::class . ' cannot be cloned; share the object instead');
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['handle' => static::class];
    }
}
