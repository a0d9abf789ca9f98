package io.securemessenger.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outside baseline of the DLP target of issue [7/8]: ripgrep ({@code rg -j1}, one thread) with
 * regular expressions equivalent to the {@code hipaa} policy, over the same corpus texts. The texts
 * are written to one file repeated until it is large enough that rg's start-up and the compilation
 * of its patterns are a small part of its time; the file stays in the page cache between runs.
 */
final class RipgrepBaseline {
    private static final long MIN_FILE_BYTES = 64L << 20;
    private static final int RUNS = 5;

    final long fileBytes;
    final double medianSeconds;
    final long matches;

    private RipgrepBaseline(long fileBytes, double medianSeconds, long matches) {
        this.fileBytes = fileBytes;
        this.medianSeconds = medianSeconds;
        this.matches = matches;
    }

    double megabytesPerSecond() {
        return fileBytes / 1e6 / medianSeconds;
    }

    static RipgrepBaseline measure(List<String> texts, String[][] rules) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sm-rg-");
        Path file = dir.resolve("corpus.txt");
        try {
            long bytes = 0;
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                while (bytes < MIN_FILE_BYTES) {
                    for (String text : texts) {
                        out.write(text);
                        out.write('\n');
                        bytes += text.getBytes(StandardCharsets.UTF_8).length + 1;
                    }
                }
            }
            List<String> command = new ArrayList<>(List.of("rg", "-j1", "--no-config", "--count-matches"));
            for (String[] rule : rules) {
                command.add("-e");
                command.add(rule[1]);
            }
            command.add(file.toString());
            run(command); // warm-up: page cache, rg's binary
            double[] seconds = new double[RUNS];
            long matches = 0;
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                matches = run(command);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            return new RipgrepBaseline(bytes, seconds[RUNS / 2], matches);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Runs rg and returns the number of matches it counted. */
    private static long run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("ripgrep (rg) is not installed; run-dlp.sh installs Debian's ripgrep when run as root", e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int status = process.waitFor();
        if (status != 0 || out.isEmpty()) {
            throw new IOException("rg exited with status " + status + " (1 means it found nothing, which the corpus rules out)");
        }
        return Long.parseLong(out);
    }
}
