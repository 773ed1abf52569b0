<?php
// opcache.preload script: compiles every class of the library into the preloaded
// set, so that FFI (ffi.enable=preload) is allowed in them. See php.ini.example.
declare(strict_types=1);

$iterator = new RecursiveIteratorIterator(new RecursiveDirectoryIterator(__DIR__ . '/src', FilesystemIterator::SKIP_DOTS));
$files = [];
foreach ($iterator as $file) {
    if ($file->getExtension() === 'php') {
        $files[] = $file->getPathname();
    }
}
sort($files);
require_once __DIR__ . '/autoload.php';
foreach ($files as $file) {
    // opcache_compile_file links classes lazily; require_once also resolves parents via the autoloader.
    require_once $file;
}
