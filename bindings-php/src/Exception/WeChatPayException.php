<?php
declare(strict_types=1);

namespace WeChatPay\Core\Exception;

/**
 * The base of every exception this library throws. One final subclass exists per
 * core error kind (generated from the C header's `wechatpay_result`), e.g.
 * `SignatureInvalidException` for `SIGNATURE_INVALID`, under one abstract class per
 * category (`VerificationException`, `DecryptionException`, `KeyMaterialException`,
 * `InputException`, `ProtocolResponseException`, `EnvironmentException`,
 * `InternalException`) so that a handler can catch a whole group.
 *
 * Messages never contain key material or decrypted payer data.
 */
abstract class WeChatPayException extends \RuntimeException
{
    public const KIND = '';
    public const CATEGORY = '';
    public const RESULT = 0;

    /** The core's stable kind, e.g. `"SIGNATURE_PROBE"`. */
    public function getKind(): string
    {
        return static::KIND;
    }

    /** The kind's category, e.g. `"VERIFICATION"`. */
    public function getCategory(): string
    {
        return static::CATEGORY;
    }

    /** The C result code (`wechatpay_result`), also available as getCode(). */
    public function getResult(): int
    {
        return static::RESULT;
    }

    /** The exception for a result code (an unknown code gives PanicException). */
    public static function fromResult(int $result, string $message): self
    {
        $class = ResultCodes::ALL[$result][1] ?? PanicException::class;
        return new $class($message, $result);
    }
}
