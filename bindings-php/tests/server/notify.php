<?php
// A WeChat Pay notify endpoint in plain PHP, as docs/php.md shows it; served by
// `php -S` with opcache preloading and ffi.enable=preload in NotifyServerTest.
declare(strict_types=1);

use WeChatPay\Core\Exception\WeChatPayException;
use WeChatPay\Core\Keys\ApiV3Key;
use WeChatPay\Core\Keys\Certificate;
use WeChatPay\Core\V3\Acknowledgement;
use WeChatPay\Core\V3\CallbackParser;
use WeChatPay\Core\V3\TrustStore;
use WeChatPay\Core\V3\Verifier;

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
if ($path === '/ready') {
    // Facts the test checks: preloading is on, FFI is restricted to preloaded code.
    $cdef = 'allowed';
    try {
        FFI::cdef('int abs(int);');
    } catch (Throwable $e) {
        $cdef = 'refused';
    }
    header('Content-Type: application/json');
    echo json_encode([
        'ffi.enable' => ini_get('ffi.enable'),
        'preloaded' => class_exists(CallbackParser::class, false),
        'cdef_outside_preload' => $cdef,
        'library' => WeChatPay\Core\Library::version(),
    ]);
    return;
}

$dir = (string) getenv('WECHATPAY_VECTORS');
$secrets = json_decode((string) file_get_contents("$dir/keys/secrets.json"), true);

// Build these once per worker in a real app (e.g. in a service container).
$store = (new TrustStore())->addCertificate(Certificate::fromPemFile("$dir/keys/platform_cert.pem"));
$parser = new CallbackParser(new Verifier($store), ApiV3Key::of($secrets['apiv3_key']));

try {
    $event = $parser->parse(getallheaders(), (string) file_get_contents('php://input'));
    $payment = $event->resource();
    // … mark the order paid (idempotently: the same $event->id() may come again) …
    header('X-Event-Id: ' . $event->id());
    header('X-Trade-State: ' . ($payment['trade_state'] ?? ''));
    Acknowledgement::success()->send();
} catch (WeChatPayException $e) {
    header('X-WeChatPay-Error: ' . $e->getKind());
    error_log('wechatpay callback rejected: ' . $e->getKind() . ': ' . $e->getMessage());
    Acknowledgement::failure()->send();
}
