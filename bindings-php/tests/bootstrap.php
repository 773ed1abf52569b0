<?php
declare(strict_types=1);

require __DIR__ . '/../autoload.php';
require __DIR__ . '/VectorSuite.php';

function wechatpay_vectors_dir(): string
{
    $dir = getenv('WECHATPAY_VECTORS');
    return $dir !== false && $dir !== '' ? $dir : dirname(__DIR__, 3) . '/shared/vectors';
}
