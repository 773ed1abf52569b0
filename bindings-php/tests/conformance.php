<?php
// The shared vectors through the PHP classes: prints "php: N passed, M failed".
declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

$suite = new WeChatPay\Core\Tests\VectorSuite($argv[1] ?? wechatpay_vectors_dir());
$suite->run();
foreach ($suite->failures as $line) {
    echo $line, "\n";
}
echo "php: {$suite->passed} passed, {$suite->failed} failed\n";
exit($suite->failed > 0 || $suite->passed === 0 ? 1 : 0);
