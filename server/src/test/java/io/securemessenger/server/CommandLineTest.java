package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SecureMessengerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private String policies() {
        return Path.of("..", "james-conf", "dlp-policies.xml").toString();
    }

    @Test
    void dlpScanShouldPrintOneJsonObjectPerFindingAndExitOneWhenAPolicyFires() throws Exception {
        Path eml = file("referral.eml", "From: a@hospital.example\r\nSubject: Referral\r\n\r\nPatient SSN 536-22-8845\r\nDOB: 03/14/1962\r\n");

        int status = run("dlp-scan", "--policies", policies(), "-p", "hipaa", eml.toString());

        assertThat(status).isEqualTo(1);
        List<String> lines = out.toString().lines().collect(java.util.stream.Collectors.toList());
        assertThat(lines).containsExactly(
            "{\"policy\":\"hipaa\",\"source\":\"" + eml + "\",\"rule\":\"ssn\",\"location\":\"text-body#1\",\"count\":1,\"sample\":\"***-**-8845\"}",
            "{\"policy\":\"hipaa\",\"source\":\"" + eml + "\",\"rule\":\"date-of-birth\",\"location\":\"text-body#1\",\"count\":1,\"sample\":\"**/**/****\"}");
        assertThat(out.toString().replace(dir.toString(), "DIR")).doesNotContain("536-22-8845").doesNotContain("1962");
    }

    @Test
    void dlpScanShouldApplyEveryPolicyByDefaultAndReadTextFiles() throws Exception {
        Path text = file("notes.txt", "card 4111 1111 1111 1111");

        assertThat(run("dlp-scan", "--policies", policies(), text.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("\"policy\":\"hipaa\"").contains("\"policy\":\"identifiers-only\"");
    }

    @Test
    void dlpScanShouldExitZeroAndPrintNothingForCleanInput() throws Exception {
        assertThat(run("dlp-scan", "--policies", policies(), file("clean.txt", "Lunch at noon.").toString())).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void dlpScanShouldExitTwoOnBadInput() throws Exception {
        assertThat(run("dlp-scan", "--policies", policies(), dir.resolve("missing.eml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.eml").contains("no such file");

        assertThat(run("dlp-scan", "--policies", policies(), "-p", "hippa", file("a.txt", "x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'hippa'");

        assertThat(run("dlp-scan", "--policies", file("bad.xml", "<dlp-policies>").toString(), file("b.txt", "x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.xml");

        Files.write(dir.resolve("latin1.txt"), new byte[] {(byte) 0xE9, 'x'});
        assertThat(run("dlp-scan", "--policies", policies(), dir.resolve("latin1.txt").toString())).isEqualTo(2);

        assertThat(run("dlp-scan")).isEqualTo(2);
    }

    @Test
    void runShouldRefuseAnInvalidSettingWithExitTwo() {
        assertThat(run("run", "--smtp-port", "2525", "--imap-port", "2525", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(run("run", "--outbound-smarthost", "relay.example", "--data-dir", dir.toString())).isEqualTo(2);
    }

    @Test
    void runShouldTakeSettingsFromFlags() {
        CommandLine cli = SecureMessengerCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("run", "--smtp-port", "3025", "--trusted-domains", "exchange.example, *.corp.example",
            "--outbound-smarthost", "relay.example:2525", "--data-dir", dir.toString());
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();

        Settings settings = run.settings();
        assertThat(settings.smtpPort()).isEqualTo(3025);
        assertThat(settings.trustedDomains()).containsExactly("exchange.example", "*.corp.example");
        assertThat(settings.outboundSmarthost().orElseThrow()).hasToString("relay.example:2525");
    }

    @Test
    void runShouldTakeSettingsFromTheEnvironment() throws Exception {
        // The environment cannot be changed in-process: ask a fresh JVM for its resolved defaults.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), SecureMessengerCli.class.getName(), "run", "--help");
        Map<String, String> env = builder.environment();
        env.put("SM_SMTP_PORT", "3725");
        env.put("SM_LOCAL_DOMAINS", "hospital.example");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", " ");

        assertThat(process.waitFor()).isZero();
        assertThat(help).contains("[SM_SMTP_PORT] Default: 3725").contains("[SM_LOCAL_DOMAINS] Default: hospital.example");
    }
}
