<?php
declare(strict_types=1);

namespace WeChatPay\Core\Tests;

use PHPUnit\Framework\TestCase;

final class VectorsTest extends TestCase
{
    public function testEverySharedVectorPasses(): void
    {
        $suite = new VectorSuite(wechatpay_vectors_dir());
        $suite->run();
        $this->assertSame([], $suite->failures);
        $this->assertGreaterThan(100, $suite->passed);
        $this->assertSame(0, $suite->failed);
    }

    public function testAnUnknownVectorFileIsAFailureNotASkip(): void
    {
        $copy = sys_get_temp_dir() . '/wechatpay-vectors-' . bin2hex(random_bytes(6));
        $this->copyTree(wechatpay_vectors_dir(), $copy);
        file_put_contents("$copy/zz_unknown.json", '[]');
        try {
            $suite = new VectorSuite($copy);
            $suite->run();
            $this->assertSame(1, $suite->failed);
            $this->assertSame(['FAIL zz_unknown.json *: unknown vector file'], $suite->failures);
        } finally {
            $this->removeTree($copy);
        }
    }

    public function testAnUnknownCaseFieldIsAFailure(): void
    {
        $copy = sys_get_temp_dir() . '/wechatpay-vectors-' . bin2hex(random_bytes(6));
        $this->copyTree(wechatpay_vectors_dir(), $copy);
        $cases = json_decode((string) file_get_contents("$copy/v2_sign.json"), true);
        $cases[0]['surprise'] = 1;
        file_put_contents("$copy/v2_sign.json", json_encode($cases));
        try {
            $suite = new VectorSuite($copy);
            $suite->run();
            $this->assertSame(1, $suite->failed);
            $this->assertStringContainsString('unknown case fields surprise', $suite->failures[0]);
        } finally {
            $this->removeTree($copy);
        }
    }

    private function copyTree(string $from, string $to): void
    {
        mkdir($to);
        foreach (scandir($from) ?: [] as $entry) {
            if ($entry === '.' || $entry === '..') {
                continue;
            }
            is_dir("$from/$entry") ? $this->copyTree("$from/$entry", "$to/$entry") : copy("$from/$entry", "$to/$entry");
        }
    }

    private function removeTree(string $dir): void
    {
        foreach (scandir($dir) ?: [] as $entry) {
            if ($entry !== '.' && $entry !== '..') {
                is_dir("$dir/$entry") ? $this->removeTree("$dir/$entry") : unlink("$dir/$entry");
            }
        }
        rmdir($dir);
    }
}
