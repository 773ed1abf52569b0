<?php
declare(strict_types=1);

namespace WeChatPay\Core\Tests;

use PHPUnit\Framework\TestCase;
use WeChatPay\Core\Exception;
use WeChatPay\Core\Exception\ResultCodes;
use WeChatPay\Core\Exception\WeChatPayException;
use WeChatPay\Core\Keys\ApiV2Key;
use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Keys\PrivateKey;
use WeChatPay\Core\Keys\PublicKey;
use WeChatPay\Core\Library;
use WeChatPay\Core\V2\Params;
use WeChatPay\Core\V3\Bill;
use WeChatPay\Core\V3\BillVerifier;
use WeChatPay\Core\V3\CallbackParser;
use WeChatPay\Core\V3\Headers;
use WeChatPay\Core\V3\Resource;
use WeChatPay\Core\V3\ResponseSigner;
use WeChatPay\Core\V3\SensitiveEncryptor;
use WeChatPay\Core\V3\TrustStore;
use WeChatPay\Core\V3\Verifier;

final class ExceptionsTest extends TestCase
{
    private const APIV3 = 'BZ8CJnIb7hAymK9C2Ptk2faiZtMcmM78';

    /** @return iterable<string, array{int, string, string}> */
    public static function everyResultCode(): iterable
    {
        foreach (ResultCodes::ALL as $code => [$kind, $class]) {
            yield $kind => [$code, $kind, $class];
        }
    }

    /** @dataProvider everyResultCode */
    public function testEveryResultCodeHasItsOwnClassNamedAfterTheKind(int $code, string $kind, string $class): void
    {
        $this->assertTrue(class_exists($class));
        $this->assertTrue(is_subclass_of($class, WeChatPayException::class));
        $this->assertTrue((new \ReflectionClass($class))->isFinal());
        $this->assertSame($kind, Library::resultName($code), 'the library names the code like the class');
        $e = WeChatPayException::fromResult($code, 'message');
        $this->assertInstanceOf($class, $e);
        $this->assertSame($kind, $e->getKind());
        $this->assertSame($code, $e->getResult());
        $this->assertSame($code, $e->getCode());
        $this->assertSame('message', $e->getMessage());
        $category = Library::resultCategory($code);
        $this->assertSame($category, $e->getCategory());
        $parent = (new \ReflectionClass($class))->getParentClass();
        $this->assertNotFalse($parent);
        $this->assertTrue($parent->isAbstract());
        $this->assertSame($category, $parent->getConstant('CATEGORY'));
        $this->assertSame(WeChatPayException::class, $parent->getParentClass()->getName());
        $expected = str_replace(' ', '', ucwords(strtolower(str_replace('_', ' ', $kind)))) . 'Exception';
        $this->assertSame('WeChatPay\\Core\\Exception\\' . $expected, $class);
    }

    public function testTheTableCoversEveryCodeTheLibraryNames(): void
    {
        for ($code = 1; $code < 1100; $code++) {
            $name = Library::resultName($code);
            if ($name === 'UNKNOWN') {
                $this->assertArrayNotHasKey($code, ResultCodes::ALL);
            } else {
                $this->assertSame($name, ResultCodes::ALL[$code][0] ?? null, "code $code");
            }
        }
        $this->assertSame(ResultCodes::LIBRARY_VERSION, Library::version());
        $this->assertNotSame('', Library::backend());
    }

    private static function dir(): string
    {
        return wechatpay_vectors_dir();
    }

    /** Real failures of the library arrive as the class of their kind, with a message that holds no secret. */
    public function testRealFailuresRaiseTheirKindsClass(): void
    {
        $dir = self::dir();
        $key = PrivateKey::fromPemFile("$dir/keys/apiclient_key.pem");
        $platformKey = PrivateKey::fromPemFile("$dir/keys/platform_key.pem");
        $platform = Certificate::fromPemFile("$dir/keys/platform_cert.pem");
        $store = (new TrustStore())->addCertificate($platform);
        $now = time();
        $signer = ResponseSigner::fromCertificate($platformKey, $platform);
        $headers = $signer->signAt('{"ok":true}', $now);
        $cases = [
            Exception\KeyFormatException::class => fn () => PrivateKey::fromPem('-----BEGIN PRIVATE KEY-----'),
            Exception\CertificateFormatException::class => fn () => Certificate::fromPem('not a certificate'),
            Exception\Pkcs12Exception::class => fn () => PrivateKey::fromPkcs12((string) file_get_contents("$dir/keys/apiclient_cert.p12"), 'wrong'),
            Exception\SecretLengthException::class => fn () => ApiV3Key::of('SECRET-TOO-SHORT'),
            Exception\HeaderMissingException::class => fn () => Headers::fromPairs(['Wechatpay-Nonce' => 'x']),
            Exception\HeaderInvalidException::class => fn () => Headers::fromPairs(['Wechatpay-Timestamp' => 'soon'] + self::rest($headers))->timestamp(),
            Exception\SignatureInvalidException::class => fn () => (new Verifier($store))->verifyAt($headers, '{"ok":false}', $now),
            Exception\SerialUnknownException::class => fn () => (new Verifier(new TrustStore()))->verifyAt($headers, '{"ok":true}', $now),
            Exception\TimestampOutOfWindowException::class => fn () => (new Verifier($store))->verifyAt($headers, '{"ok":true}', $now + 301),
            Exception\SignatureMalformedException::class => fn () => $platform->publicKey()->verifySha256('m', 'short'),
            Exception\Base64Exception::class => fn () => Resource::decrypt(ApiV3Key::of(self::APIV3), '0123456789ab', '', '***'),
            Exception\NonceLengthException::class => fn () => Resource::decrypt(ApiV3Key::of(self::APIV3), 'short', '', 'AAAA'),
            Exception\CiphertextLengthException::class => fn () => Resource::decrypt(ApiV3Key::of(self::APIV3), '0123456789ab', '', 'AAAA'),
            Exception\DecryptFailedException::class => fn () => Resource::decrypt(ApiV3Key::of(self::APIV3), '0123456789ab', '', base64_encode(str_repeat("\0", 32))),
            Exception\PlaintextTooLongException::class => fn () => SensitiveEncryptor::fromCertificate($platform)->encrypt(str_repeat('x', 300)),
            Exception\JsonException::class => fn () => \WeChatPay\Core\ApiError::parse('<html>'),
            Exception\XmlException::class => fn () => Params::fromXml('<!DOCTYPE x><xml></xml>'),
            Exception\BillHashMismatchException::class => fn () => Bill::verify('bill', 'SHA1', str_repeat('0', 40), false),
            Exception\BillFormatException::class => fn () => Bill::parse('only one line'),
            Exception\InvalidArgumentException::class => fn () => $store->addPublicKey('NOT_A_KEY_ID', $platform->publicKey()),
            Exception\IoException::class => fn () => PublicKey::fromPemFile('/nonexistent/wechatpay.pem'),
            Exception\InvalidUtf8Exception::class => fn () => new \WeChatPay\Core\V3\Signer("\xff", 'S', $key),
            Exception\SignatureProbeException::class => fn () => (new Verifier($store))->verifyAt(
                Headers::fromPairs(['Wechatpay-Signature' => 'WECHATPAY/SIGNTEST/' . base64_encode(str_repeat('x', 256))] + self::rest($headers)),
                '{"ok":true}',
                $now
            ),
        ];
        foreach ($cases as $class => $call) {
            try {
                $call();
                $this->fail("$class expected");
            } catch (WeChatPayException $e) {
                $this->assertInstanceOf($class, $e, $e->getKind() . ': ' . $e->getMessage());
                $this->assertSame($class::KIND, $e->getKind());
                $this->assertNotSame('', $e->getMessage());
                $this->assertStringNotContainsString('SECRET-TOO-SHORT', $e->getMessage());
            }
        }
        $this->assertGreaterThanOrEqual(20, count($cases));
    }

    /** @return array<string, string> */
    private static function rest(Headers $headers): array
    {
        return $headers->toArray();
    }

    public function testVerificationPassesWithAFreshSignature(): void
    {
        $dir = self::dir();
        $platform = Certificate::fromPemFile("$dir/keys/platform_cert.pem");
        $signer = ResponseSigner::fromCertificate(PrivateKey::fromPemFile("$dir/keys/platform_key.pem"), $platform);
        $store = (new TrustStore())->addCertificate($platform);
        $now = 1795392123;
        $headers = $signer->signAt('{"ok":true}', $now);
        (new Verifier($store))->verifyAt($headers, '{"ok":true}', $now);
        $this->assertSame($platform->serialNo(), $headers->serial());
        $this->assertCount(1, $store);
        $this->assertTrue($store->remove($platform->serialNo()));
        $this->assertCount(0, $store);
    }

    public function testEncryptionPicksTheStoresCertificateAndExpiredOnesCanBeRemoved(): void
    {
        $dir = self::dir();
        $store = new TrustStore();
        foreach (['platform_cert.pem', 'platform2_cert.pem', 'platform_expired_cert.pem'] as $file) {
            $store->addCertificate(Certificate::fromPemFile("$dir/keys/$file"));
        }
        $reference = 1795392000; // 2026-11-23
        $serial = SensitiveEncryptor::fromTrustStoreAt($store, $reference)->serial();
        $this->assertContains($serial, [
            Certificate::fromPemFile("$dir/keys/platform_cert.pem")->serialNo(),
            Certificate::fromPemFile("$dir/keys/platform2_cert.pem")->serialNo(),
        ]);
        $this->assertSame(1, $store->removeExpiredAt($reference));
        $this->assertCount(2, $store);
        $this->expectException(Exception\InvalidArgumentException::class);
        SensitiveEncryptor::fromTrustStoreAt(new TrustStore(), $reference);
    }

    public function testBinaryInputsAndOutputsAreBinarySafe(): void
    {
        $key = ApiV3Key::of(self::APIV3);
        $plain = "a\0b\xffc";
        $sealed = Resource::encrypt($key, '0123456789ab', "ad\0", $plain);
        $this->assertSame($plain, Resource::decrypt($key, '0123456789ab', "ad\0", $sealed));
        $verifier = new BillVerifier('SHA1', sha1("x\0y"), false);
        $verifier->update("x\0");
        $verifier->update('y');
        $verifier->finish();
        $this->addToAssertionCount(1);
    }
}
