package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's command ({@code ./secure-messenger}) as an administrator runs it, over a built
 * tree laid out as the build leaves it: the short commands start from a class archive their first
 * run after a build prepares, and nothing of that shows in what a command prints or how it exits.
 */
class LauncherScriptTest {
    private static final String JAR = "secure-messenger-server-0.1.0-SNAPSHOT.jar";

    @TempDir
    Path root;
    private Path target;
    private Path eml;

    /** What one run printed and how it ended. */
    private static final class Run {
        final int status;
        final String out;
        final String err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }
    }

    @BeforeEach
    void layOutABuiltTree() throws Exception {
        Files.copy(Path.of("..", "secure-messenger"), root.resolve("secure-messenger"));
        root.resolve("secure-messenger").toFile().setExecutable(true);
        target = Files.createDirectories(root.resolve("server/target"));
        ByteArrayOutputStream jarErrors = new ByteArrayOutputStream();
        int jarred = ToolProvider.findFirst("jar").orElseThrow().run(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(jarErrors), "cf", target.resolve(JAR).toString(), "-C", Path.of("target", "classes").toString(), ".");
        assertThat(jarred).as(jarErrors.toString()).isZero();
        Files.copy(Path.of("target", "classpath.txt"), target.resolve("classpath.txt"));
        Files.writeString(target.resolve("launcher-build.stamp"), "");
        eml = root.resolve("referral.eml");
        Files.writeString(eml, "From: a@hospital.example\r\nSubject: Referral\r\n\r\nPatient SSN 536-22-8845\r\nDOB: 03/14/1962\r\n");
    }

    private Run dlpScan() throws Exception {
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("secure-messenger").toString(), "dlp-scan", "--policies",
            Path.of("..", "james-conf", "dlp-policies.xml").toAbsolutePath().toString(), eml.toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SM_CONF_DIR", Path.of("..", "james-conf").toAbsolutePath().toString());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("dlp-scan ends").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<Path> archives() throws Exception {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    void theFirstRunAfterABuildShouldPrepareTheArchiveAndEveryRunShouldPrintTheSameFindings() throws Exception {
        Run first = dlpScan();

        assertThat(first.err).contains("Preparing a class archive");
        assertThat(first.status).as(first.err).isEqualTo(1);
        assertThat(first.out.lines()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"policy\":"));
        assertThat(first.out).contains("\"rule\":\"ssn\"");
        assertThat(archives()).singleElement().satisfies(a -> assertThat(Files.size(a)).isPositive());
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".jsa."));
        }

        Run second = dlpScan();

        assertThat(second.status).isEqualTo(1);
        assertThat(second.out).isEqualTo(first.out);
        assertThat(second.err).doesNotContain("Preparing").doesNotContain("[warning]");

        // A later build: the archive no longer matches it and is prepared again.
        Files.setLastModifiedTime(target.resolve("launcher-build.stamp"), FileTime.from(Instant.now().plusSeconds(5)));
        Run rebuilt = dlpScan();

        assertThat(rebuilt.err).contains("Preparing a class archive");
        assertThat(rebuilt.out).isEqualTo(first.out);
        assertThat(archives()).hasSize(1);
    }

    @Test
    void anArchiveThatNoLongerFitsShouldOnlyCostTime() throws Exception {
        dlpScan();
        Path archive = archives().get(0);
        Files.write(archive, "not a class archive".getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(5)));

        Run run = dlpScan();

        assertThat(run.status).as(run.err).isEqualTo(1);
        assertThat(run.out).contains("\"rule\":\"ssn\"").doesNotContain("warning").doesNotContain("cds");
        assertThat(run.err).doesNotContain("warning").doesNotContain("cds");
    }
}
