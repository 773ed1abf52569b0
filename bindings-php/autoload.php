<?php
// PSR-4 autoloader for use without Composer (Composer users: vendor/autoload.php).
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'WeChatPay\\Core\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
