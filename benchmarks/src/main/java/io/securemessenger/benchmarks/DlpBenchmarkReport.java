package io.securemessenger.benchmarks;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DlpBenchmark} and prints throughput in MB/s per core for each engine and the ratios
 * to James' matcher and to ripgrep ({@link RipgrepBaseline}) measured in the same run, then the
 * time {@code dlp-scan} takes for one message ({@link DlpScanStartup}). Arguments: [policy file]
 * [warm-up iterations] [measurement iterations] [launcher, default ./secure-messenger].
 */
public final class DlpBenchmarkReport {
    private DlpBenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        String policyFile = args.length > 0 ? args[0] : "james-conf/dlp-policies.xml";
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path launcher = Path.of(args.length > 3 ? args[3] : "./secure-messenger");
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(DlpBenchmark.class.getName())
            .param("policyFile", policyFile)
            // Two JVMs: C2 does not compile the text pass equally well in every JVM (the same code
            // measured 300-350 MB/s in one and 425-440 in the next), so one fork is one draw.
            .forks(2)
            .threads(1)
            .warmupIterations(warmups).warmupTime(TimeValue.seconds(3))
            .measurementIterations(iterations).measurementTime(TimeValue.seconds(4))
            .jvmArgs("-Xms2g", "-Xmx2g");
        Collection<RunResult> results = new Runner(options.build()).run();

        ClinicalCorpus corpus = new ClinicalCorpus(DlpBenchmark.MESSAGES, DlpBenchmark.CHARS_PER_MESSAGE, DlpBenchmark.SEED);
        double text = mbPerSecond(results, "secureMessengerText", corpus.textBytes());
        double ours = mbPerSecond(results, "secureMessengerMessage", corpus.messageBytes());
        double james = mbPerSecond(results, "jamesDlpMessage", corpus.messageBytes());
        double attachments = mbPerSecond(results, "secureMessengerWithPdfAttachments", corpus.attachmentMessageBytes());
        System.out.println();
        System.out.println("DLP throughput, one core, corpus of " + DlpBenchmark.MESSAGES + " clinical messages ("
            + String.format(Locale.ROOT, "%.1f", corpus.textBytes() / 1e6) + " MB of text)");
        System.out.printf(Locale.ROOT, "  Secure Messenger, scanner on text          %8.1f MB/s%n", text);
        System.out.printf(Locale.ROOT, "  Secure Messenger, MIME message end to end  %8.1f MB/s%n", ours);
        System.out.printf(Locale.ROOT, "  James dlp.Dlp (baseline), same messages    %8.1f MB/s%n", james);
        System.out.printf(Locale.ROOT, "  Ratio, end to end vs baseline              %8.2fx%n", ours / james);
        System.out.printf(Locale.ROOT, "  Ratio, scanner on text vs baseline         %8.2fx%n", text / james);
        System.out.printf(Locale.ROOT, "  Secure Messenger, messages with PDF        %8.1f MB/s (Tika extraction; the baseline reads no attachments)%n", attachments);

        RipgrepBaseline rg = RipgrepBaseline.measure(corpus.texts(), DlpBenchmark.JAMES_RULES);
        System.out.printf(Locale.ROOT, "  rg -j1, equivalent expressions, same texts %8.1f MB/s (%.0f MB file, median of 5 runs, %d matches)%n",
            rg.megabytesPerSecond(), rg.fileBytes / 1e6, rg.matches);
        DlpScanStartup scan = DlpScanStartup.measure(launcher, corpus.messagesWithAttachments().get(0));
        System.out.printf(Locale.ROOT, "  dlp-scan of one message with a PDF          %8.2f s median, %.2f s slowest of 3 (JVM start-up included)%n",
            scan.medianSeconds, scan.slowestSeconds);
        System.out.println();
        double vsRipgrep = text / rg.megabytesPerSecond();
        System.out.println(Targets.line("DLP scanner on text / rg -j1", String.format(Locale.ROOT, "%.2f", vsRipgrep), ">= 1.0", vsRipgrep >= 1.0));
        System.out.println(Targets.line("dlp-scan of one file", String.format(Locale.ROOT, "%.2f s", scan.slowestSeconds), "< 2 s",
            scan.slowestSeconds < 2.0));
    }

    private static double mbPerSecond(Collection<RunResult> results, String benchmark, long bytesPerOperation) {
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("." + benchmark)) {
                return result.getPrimaryResult().getScore() * bytesPerOperation / 1e6;
            }
        }
        throw new IllegalStateException("no result for " + benchmark);
    }
}
