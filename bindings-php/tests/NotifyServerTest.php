<?php
declare(strict_types=1);

namespace WeChatPay\Core\Tests;

use PHPUnit\Framework\TestCase;
use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\Keys\PrivateKey;
use WeChatPay\Core\V3\CallbackEnvelope;
use WeChatPay\Core\V3\ResponseSigner;

/**
 * The notify handler (tests/server/notify.php) served by `php -S 127.0.0.1:PORT`
 * with opcache preloading and `ffi.enable=preload`, as under php-fpm: it receives
 * signed callbacks over real HTTP and answers WeChat Pay's acknowledgement.
 */
final class NotifyServerTest extends TestCase
{
    /** @var resource|null */
    private static $server = null;
    private static int $port = 0;
    private static string $log = '';

    public static function setUpBeforeClass(): void
    {
        $root = dirname(__DIR__);
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        self::$port = (int) substr((string) strrchr((string) stream_socket_get_name($socket, false), ':'), 1);
        fclose($socket);
        self::$log = tempnam(sys_get_temp_dir(), 'wechatpay-php-s-');
        $user = trim((string) shell_exec('id -un'));
        $command = [
            PHP_BINARY,
            '-n',
            '-d', 'extension=ffi',
            '-d', 'zend_extension=opcache',
            '-d', 'opcache.enable=1',
            '-d', 'opcache.enable_cli=1',
            '-d', "opcache.preload=$root/preload.php",
            '-d', "opcache.preload_user=$user",
            '-d', 'ffi.enable=preload',
            '-d', "ffi.preload=$root/src/FFI/wechatpay.h",
            '-S', '127.0.0.1:' . self::$port,
            "$root/tests/server/notify.php",
        ];
        $env = getenv();
        $env['WECHATPAY_VECTORS'] = wechatpay_vectors_dir();
        $lib = getenv('WECHATPAY_LIB');
        if ($lib !== false && $lib !== '') {
            $env['LD_LIBRARY_PATH'] = dirname($lib) . (isset($env['LD_LIBRARY_PATH']) ? ':' . $env['LD_LIBRARY_PATH'] : '');
        }
        self::$server = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', self::$log, 'a'], 2 => ['file', self::$log, 'a']], $pipes, $root, $env);
        // Poll readiness with a bound (no fixed sleep).
        for ($attempt = 0; $attempt < 200; $attempt++) {
            $status = proc_get_status(self::$server);
            if (!$status['running']) {
                break;
            }
            $probe = @fsockopen('127.0.0.1', self::$port, $errno, $errstr, 0.05);
            if ($probe !== false) {
                fclose($probe);
                return;
            }
            usleep(25_000);
        }
        throw new \RuntimeException('php -S did not start: ' . file_get_contents(self::$log));
    }

    public static function tearDownAfterClass(): void
    {
        if (self::$server !== null) {
            proc_terminate(self::$server);
            proc_close(self::$server);
            self::$server = null;
        }
        @unlink(self::$log);
    }

    /**
     * @param array<string, string> $headers
     * @return array{0: int, 1: array<string, string>, 2: string}
     */
    private static function request(string $method, string $path, array $headers = [], string $body = ''): array
    {
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = "$name: $value";
        }
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => implode("\r\n", array_merge($lines, ['Content-Type: application/json'])),
            'content' => $body,
            'ignore_errors' => true,
            'timeout' => 20,
        ]]);
        $response = file_get_contents('http://127.0.0.1:' . self::$port . $path, false, $context);
        $status = 0;
        $received = [];
        foreach ($http_response_header ?? [] as $line) {
            if (preg_match('~^HTTP/\S+ (\d{3})~', $line, $m)) {
                $status = (int) $m[1];
            } elseif (str_contains($line, ':')) {
                [$name, $value] = explode(':', $line, 2);
                $received[strtolower(trim($name))] = trim($value);
            }
        }
        return [$status, $received, (string) $response];
    }

    /** @return array{0: string, 1: array<string, string>, 2: string} body, headers, resource JSON */
    private static function signedCallback(int $now): array
    {
        $dir = wechatpay_vectors_dir();
        $secrets = json_decode((string) file_get_contents("$dir/keys/secrets.json"), true);
        $cases = json_decode((string) file_get_contents("$dir/notification_full.json"), true);
        $resource = null;
        foreach ($cases as $case) {
            if ($case['valid'] && str_contains((string) $case['resource_plaintext'], 'trade_state')) {
                $resource = $case['resource_plaintext'];
                break;
            }
        }
        self::assertIsString($resource);
        $body = CallbackEnvelope::seal(
            'EV-' . bin2hex(random_bytes(4)), '2026-12-01T08:00:00+08:00', 'TRANSACTION.SUCCESS', '支付成功',
            'transaction', $resource, ApiV3Key::of($secrets['apiv3_key']), substr(bin2hex(random_bytes(6)), 0, 12)
        );
        $signer = ResponseSigner::fromCertificate(
            PrivateKey::fromPemFile("$dir/keys/platform_key.pem"),
            Certificate::fromPemFile("$dir/keys/platform_cert.pem")
        );
        return [$body, $signer->signAt($body, $now)->toArray(), $resource];
    }

    public function testTheServerRunsWithPreloadingAndRestrictedFfi(): void
    {
        [$status, , $body] = self::request('GET', '/ready');
        $this->assertSame(200, $status, file_get_contents(self::$log) ?: '');
        $facts = json_decode($body, true);
        $this->assertSame('preload', $facts['ffi.enable']);
        $this->assertTrue($facts['preloaded']);
        $this->assertSame('refused', $facts['cdef_outside_preload']);
        $this->assertSame(\WeChatPay\Core\Library::version(), $facts['library']);
    }

    public function testASignedNotificationIsVerifiedDecryptedAndAcknowledged(): void
    {
        [$body, $headers, $resource] = self::signedCallback(time());
        [$status, $received, $answer] = self::request('POST', '/notify', $headers, $body);
        $this->assertSame(200, $status, file_get_contents(self::$log) ?: '');
        $this->assertSame(['code' => 'SUCCESS', 'message' => '成功'], json_decode($answer, true));
        $this->assertSame('application/json', $received['content-type'] ?? null);
        $this->assertStringStartsWith('EV-', $received['x-event-id'] ?? '');
        $this->assertSame(json_decode($resource, true)['trade_state'], $received['x-trade-state'] ?? null);
    }

    public function testATamperedBodyIsRejectedWithTheFailureAcknowledgement(): void
    {
        [$body, $headers] = self::signedCallback(time());
        [$status, $received, $answer] = self::request('POST', '/notify', $headers, str_replace('"id":"EV-', '"id":"XX-', $body));
        $this->assertSame(500, $status);
        $this->assertSame(['code' => 'FAIL', 'message' => '失败'], json_decode($answer, true));
        $this->assertSame('SIGNATURE_INVALID', $received['x-wechatpay-error'] ?? null);
    }

    public function testAReplayedOldNotificationIsRejected(): void
    {
        [$body, $headers] = self::signedCallback(time() - 3600);
        [$status, $received] = self::request('POST', '/notify', $headers, $body);
        $this->assertSame(500, $status);
        $this->assertSame('TIMESTAMP_OUT_OF_WINDOW', $received['x-wechatpay-error'] ?? null);
    }

    public function testMissingHeadersAreRejected(): void
    {
        [$body] = self::signedCallback(time());
        [$status, $received] = self::request('POST', '/notify', [], $body);
        $this->assertSame(500, $status);
        $this->assertSame('HEADER_MISSING', $received['x-wechatpay-error'] ?? null);
    }
}
