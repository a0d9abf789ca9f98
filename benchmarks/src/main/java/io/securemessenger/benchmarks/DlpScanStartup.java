package io.securemessenger.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * The second DLP target of issue [7/8]: {@code ./secure-messenger dlp-scan} of one message, from
 * the command to its answer, JVM start-up included, as an administrator testing a rule sees it.
 * The message is a lab letter with a PDF attachment, so the command also loads Tika. One untimed
 * run first; then the median and the slowest of three.
 */
final class DlpScanStartup {
    private static final int RUNS = 3;

    final double medianSeconds;
    final double slowestSeconds;

    private DlpScanStartup(double medianSeconds, double slowestSeconds) {
        this.medianSeconds = medianSeconds;
        this.slowestSeconds = slowestSeconds;
    }

    private static void scan(Path launcher, Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(launcher.toString(), "dlp-scan", "-p", "hipaa", file.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() == 2) {
            throw new IOException("dlp-scan refused the message (exit status 2)");
        }
    }

    static DlpScanStartup measure(Path launcher, MimeMessage message) throws IOException, InterruptedException, MessagingException {
        Path file = Files.createTempFile("sm-dlp-scan-", ".eml");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            }
            // Not timed: the launcher builds the project first when its sources have changed, and the
            // page cache fills with the jars, as on the administrator's machine after the first use.
            scan(launcher, file);
            double[] seconds = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                scan(launcher, file);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            return new DlpScanStartup(seconds[RUNS / 2], seconds[RUNS - 1]);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
