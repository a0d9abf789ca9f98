package io.securemessenger.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link VaultCryptoBenchmark} and prints MB/s per core and each vault figure as a share of raw JDK AES-GCM. */
public final class VaultCryptoBenchmarkReport {
    private VaultCryptoBenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Collection<RunResult> results = new Runner(new OptionsBuilder()
            .include(VaultCryptoBenchmark.class.getName())
            .forks(1).threads(1)
            .warmupIterations(warmups).warmupTime(TimeValue.seconds(2))
            .measurementIterations(iterations).measurementTime(TimeValue.seconds(3))
            .jvmArgs("-Xms2g", "-Xmx2g")
            .build()).run();
        System.out.println();
        for (String size : new String[] {"1048576", "26214400"}) {
            double mb = Integer.parseInt(size) / 1e6;
            double rawEncrypt = score(results, "rawJdkAesGcmEncrypt", size) * mb;
            double rawDecrypt = score(results, "rawJdkAesGcmDecrypt", size) * mb;
            System.out.printf(Locale.ROOT, "Part of %.1f MB, one core:%n", mb);
            System.out.printf(Locale.ROOT, "  raw JDK AES-256-GCM encrypt      %8.1f MB/s%n", rawEncrypt);
            System.out.printf(Locale.ROOT, "  raw JDK AES-256-GCM decrypt      %8.1f MB/s%n", rawDecrypt);
            print(results, "vaultSeal", size, mb, rawEncrypt);
            print(results, "vaultOpen", size, mb, rawDecrypt);
            print(results, "vaultSealStream", size, mb, rawEncrypt);
            print(results, "vaultOpenStream", size, mb, rawDecrypt);
        }
    }

    private static void print(Collection<RunResult> results, String benchmark, String size, double mb, double raw) {
        double value = score(results, benchmark, size) * mb;
        System.out.printf(Locale.ROOT, "  %-32s %8.1f MB/s  (%3.0f%% of raw)%n", benchmark, value, 100 * value / raw);
    }

    private static double score(Collection<RunResult> results, String benchmark, String size) {
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("." + benchmark) && size.equals(result.getParams().getParam("size"))) {
                return result.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no result for " + benchmark + " at " + size);
    }
}
