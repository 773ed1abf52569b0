<?php
// PHP harness: WeChatPay\Core (FFI over libwechatpay) against PHP's openssl_* functions as the
// official PHP SDK uses them (openssl_sign/verify, openssl_decrypt aes-256-gcm, OAEP), in one
// process, alternating A B A B per round. One JSON line per row (see bench/node/bench.js).
//   WECHATPAY_LIB=target/release/libwechatpay.so BENCH_FIXTURES=… php -d ffi.enable=1 bench/php/bench.php
declare(strict_types=1);

require __DIR__ . '/../../bindings-php/autoload.php';

use WeChatPay\Core\Keys\{ApiV3Key, Certificate, PrivateKey};
use WeChatPay\Core\PayParams;
use WeChatPay\Core\V3\{CallbackParser, Headers, Resource, SensitiveDecryptor, SensitiveEncryptor, Signer, TrustStore, Verifier};

$fx = json_decode(file_get_contents(getenv('BENCH_FIXTURES')), true, 512, JSON_THROW_ON_ERROR);
$ROUNDS = (int) (getenv('BENCH_ROUNDS') ?: 5);
$SAMPLE_MS = (float) (getenv('BENCH_SAMPLE_MS') ?: 300);
$SLICES = (int) (getenv('BENCH_SLICES') ?: 6);
$ONLY = getenv('BENCH_ONLY') ? explode(',', getenv('BENCH_ONLY')) : null;

function sample(callable $fn, float $ms, int $batch): float
{
    $t0 = hrtime(true);
    $end = $t0 + $ms * 1e6;
    $n = 0;
    do {
        for ($i = 0; $i < $batch; $i++) {
            $fn();
        }
        $n += $batch;
        $t = hrtime(true);
    } while ($t < $end);
    return $n / (($t - $t0) / 1e9);
}

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

/** @param array<int, array{name: string, fn?: callable, reason?: string}> $cs  $cs[0] is ours */
function pair(string $op, array $cs, array $extra = []): void
{
    global $ROUNDS, $SAMPLE_MS, $SLICES, $ONLY;
    if ($ONLY !== null && !in_array(explode(':', $op)[0], $ONLY, true)) {
        return;
    }
    $ready = [];
    $reasons = [];
    foreach ($cs as $c) {
        if (isset($c['reason'])) {
            $reasons[$c['name']] = $c['reason'];
            continue;
        }
        try {
            for ($i = 0; $i < 3; $i++) {
                ($c['fn'])();
            }
            $t0 = hrtime(true);
            ($c['fn'])();
            $c['batch'] = max(1, min(10000, intdiv(1000000, max(1, hrtime(true) - $t0))));
            sample($c['fn'], $SAMPLE_MS / 3, $c['batch']);
            $ready[] = $c;
        } catch (\Throwable $e) {
            $reasons[$c['name']] = 'failed on the fixture: ' . get_class($e) . ': ' . $e->getMessage();
        }
    }
    $rounds = [];
    foreach ($ready as $c) {
        $rounds[$c['name']] = [];
    }
    // each round: SAMPLE_MS per contestant in SLICES slices taken in turn (A B, B A, …), median slice
    for ($r = 0; $r < $ROUNDS; $r++) {
        $slices = [];
        for ($s = 0; $s < $SLICES; $s++) {
            foreach (($r * $SLICES + $s) % 2 ? array_reverse($ready) : $ready as $c) {
                $slices[$c['name']][] = sample($c['fn'], $SAMPLE_MS / $SLICES, $c['batch']);
            }
        }
        foreach ($ready as $c) {
            $rounds[$c['name']][] = median($slices[$c['name']]);
        }
    }
    echo json_encode(['runtime' => 'php', 'op' => $op, 'ours' => $cs[0]['name'], 'peers' => array_map(fn ($c) => $c['name'], array_slice($cs, 1)),
        'rounds' => (object) $rounds, 'reasons' => (object) $reasons] + $extra, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR), "\n";
}

$keys = $fx['keys'];
$keyPem = file_get_contents("$keys/apiclient_key.pem");
$platformPem = file_get_contents("$keys/platform_cert.pem");
$req = $fx['request'];
$resp = $fx['response'];
$now = (int) $fx['now'];

// ours: objects built once
$key = PrivateKey::fromPem($keyPem);
$signer = new Signer($fx['mchid'], $fx['merchant_serial'], $key);
$platform = Certificate::fromPem($platformPem);
$store = (new TrustStore())->addCertificate($platform);
$verifier = new Verifier($store);
$apiv3 = ApiV3Key::of($fx['apiv3_key']);
$parser = new CallbackParser($verifier, $apiv3);
$encryptor = SensitiveEncryptor::fromCertificate($platform);
$decryptor = new SensitiveDecryptor($key);

// PHP's openssl functions, the way the official SDK (wechatpay/wechatpay) calls them
$peerName = 'PHP openssl_* (' . OPENSSL_VERSION_TEXT . ')';
$sslKey = openssl_pkey_get_private($keyPem);
$sslPlatform = openssl_pkey_get_public($platformPem);
$certs = [$fx['platform_serial'] => $sslPlatform];
$nonce = fn (): string => substr(strtr(base64_encode(random_bytes(24)), '+/', 'Aa'), 0, 32);
$sslSign = function (string $message) use ($sslKey): string {
    if (!openssl_sign($message, $signature, $sslKey, OPENSSL_ALGO_SHA256)) {
        throw new RuntimeException('openssl_sign');
    }
    return base64_encode($signature);
};
$header = function (array $headers, string $name): string {
    foreach ($headers as $k => $v) {
        if (strcasecmp($k, $name) === 0) {
            return $v;
        }
    }
    throw new RuntimeException("missing $name");
};
$sslVerify = function (array $headers, string $body) use ($header, $certs, $now): void {
    $ts = $header($headers, 'Wechatpay-Timestamp');
    $serial = $header($headers, 'Wechatpay-Serial');
    if (abs($now - (int) $ts) > 300 || !isset($certs[$serial])) {
        throw new RuntimeException('timestamp or serial');
    }
    $message = "$ts\n" . $header($headers, 'Wechatpay-Nonce') . "\n$body\n";
    if (openssl_verify($message, base64_decode($header($headers, 'Wechatpay-Signature'), true), $certs[$serial], OPENSSL_ALGO_SHA256) !== 1) {
        throw new RuntimeException('signature');
    }
};
$sslGcm = function (string $ciphertext, string $nonce, string $aad) use ($fx): string {
    $raw = base64_decode($ciphertext, true);
    $plain = openssl_decrypt(substr($raw, 0, -16), 'aes-256-gcm', $fx['apiv3_key'], OPENSSL_RAW_DATA, $nonce, substr($raw, -16), $aad);
    if ($plain === false) {
        throw new RuntimeException('decrypt');
    }
    return $plain;
};
$sslCallback = function (array $cb) use ($sslVerify, $sslGcm): array {
    $sslVerify($cb['headers'], $cb['body']);
    $r = json_decode($cb['body'], true, 512, JSON_THROW_ON_ERROR)['resource'];
    return json_decode($sslGcm($r['ciphertext'], $r['nonce'], $r['associated_data']), true, 512, JSON_THROW_ON_ERROR);
};

pair('sign', [
    ['name' => 'WeChatPay\Core Signer::sign', 'fn' => fn () => $signer->sign($req['method'], $req['url'], $req['body'])->authorization()],
    ['name' => $peerName, 'fn' => function () use ($req, $fx, $nonce, $sslSign) {
        $n = $nonce();
        $ts = time();
        $sig = $sslSign("{$req['method']}\n{$req['url']}\n$ts\n$n\n{$req['body']}\n");
        return sprintf('WECHATPAY2-SHA256-RSA2048 mchid="%s",serial_no="%s",timestamp="%d",nonce_str="%s",signature="%s"', $fx['mchid'], $fx['merchant_serial'], $ts, $n, $sig);
    }],
]);
pair('verify', [
    ['name' => 'WeChatPay\Core Verifier::verifyAt', 'fn' => fn () => $verifier->verifyAt(Headers::fromPairs($resp['headers']), $resp['body'], $now)],
    ['name' => $peerName, 'fn' => fn () => $sslVerify($resp['headers'], $resp['body'])],
]);
$callback = fn (array $cb) => [
    ['name' => 'WeChatPay\Core CallbackParser::parseAt', 'fn' => fn () => $parser->parseAt($cb['headers'], $cb['body'], $now)->resource()],
    ['name' => $peerName, 'fn' => fn () => $sslCallback($cb)],
];
pair('callback', $callback($fx['callbacks']['typical']), ['bytes' => $fx['callbacks']['typical']['plaintext_bytes']]);
pair('jsapi', [
    ['name' => 'WeChatPay\Core PayParams::jsapi', 'fn' => fn () => PayParams::jsapi($key, $fx['appid'], $fx['prepay_id'])],
    ['name' => $peerName, 'fn' => function () use ($fx, $nonce, $sslSign) {
        $p = ['appId' => $fx['appid'], 'timeStamp' => (string) time(), 'nonceStr' => $nonce(), 'package' => 'prepay_id=' . $fx['prepay_id'], 'signType' => 'RSA'];
        $p['paySign'] = $sslSign("{$p['appId']}\n{$p['timeStamp']}\n{$p['nonceStr']}\n{$p['package']}\n");
        return $p;
    }],
]);
pair('oaep_encrypt', [
    ['name' => 'WeChatPay\Core SensitiveEncryptor::encrypt', 'fn' => fn () => $encryptor->encrypt($fx['oaep']['plaintext'])],
    ['name' => $peerName, 'fn' => function () use ($fx, $sslPlatform) {
        if (!openssl_public_encrypt($fx['oaep']['plaintext'], $out, $sslPlatform, OPENSSL_PKCS1_OAEP_PADDING)) {
            throw new RuntimeException('encrypt');
        }
        return base64_encode($out);
    }],
]);
pair('oaep_decrypt', [
    ['name' => 'WeChatPay\Core SensitiveDecryptor::decrypt', 'fn' => fn () => $decryptor->decrypt($fx['oaep']['ciphertext_to_merchant'])],
    ['name' => $peerName, 'fn' => function () use ($fx, $sslKey) {
        if (!openssl_private_decrypt(base64_decode($fx['oaep']['ciphertext_to_merchant'], true), $out, $sslKey, OPENSSL_PKCS1_OAEP_PADDING)) {
            throw new RuntimeException('decrypt');
        }
        return $out;
    }],
]);
foreach ($fx['gcm'] as $size => $g) {
    pair("gcm_decrypt:$size", [
        ['name' => 'WeChatPay\Core Resource::decrypt', 'fn' => fn () => Resource::decrypt($apiv3, $g['nonce'], $g['associated_data'], $g['ciphertext'])],
        ['name' => $peerName, 'fn' => fn () => $sslGcm($g['ciphertext'], $g['nonce'], $g['associated_data'])],
    ], ['bytes' => (int) $size]);
}
pair('key_load', [
    ['name' => 'WeChatPay\Core PrivateKey::fromPem', 'fn' => fn () => PrivateKey::fromPem($keyPem)],
    ['name' => $peerName, 'fn' => function () use ($keyPem) {
        $k = openssl_pkey_get_private($keyPem);
        if ($k === false) {
            throw new RuntimeException('key');
        }
        return $k;
    }],
]);
foreach ($fx['callbacks'] as $size => $cb) {
    if ($size !== 'typical') {
        pair("callback_scale:$size", $callback($cb), ['bytes' => $cb['plaintext_bytes']]);
    }
}
