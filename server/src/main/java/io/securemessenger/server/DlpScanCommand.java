package io.securemessenger.server;

import io.securemessenger.dlp.DlpPolicies;
import io.securemessenger.dlp.DlpPolicy;
import io.securemessenger.dlp.DlpReport;
import io.securemessenger.dlp.DlpScanner;
import io.securemessenger.dlp.ExtractedMessage;
import io.securemessenger.dlp.Finding;
import io.securemessenger.dlp.Location;
import io.securemessenger.dlp.MessageTextExtractor;
import io.securemessenger.dlp.PolicyException;
import io.securemessenger.dlp.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./secure-messenger dlp-scan}: scans {@code .eml} or text files with the configured
 * policies and prints one JSON object per finding, so administrators can test rules before
 * enabling them. Exit status: 1 when a policy fires, 0 when none does, 2 on bad input.
 */
@Command(name = "dlp-scan", mixinStandardHelpOptions = true,
    description = {"Scans .eml or text files with the DLP policies and prints one JSON object per finding",
        "(policy, file, rule, location, count, masked sample). Exit status: 1 when a policy fires,",
        "0 when none does, 2 on bad input."})
final class DlpScanCommand implements Callable<Integer> {
    static final int FIRED = 1;
    static final int CLEAN = 0;
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--policy"}, description = "Policy to apply; default: every policy in the file.")
    String policyName;

    @Option(names = "--policies", defaultValue = "${env:SM_CONF_DIR:-james-conf}/dlp-policies.xml",
        description = "Policy file. Default: ${DEFAULT-VALUE}")
    Path policiesFile;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".eml messages or plain-text files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DlpPolicy> policies = new ArrayList<>();
        try {
            DlpPolicies loaded = DlpPolicies.load(policiesFile);
            if (policyName == null) {
                loaded.names().forEach(n -> policies.add(loaded.policy(n).orElseThrow()));
            } else {
                policies.add(loaded.policy(policyName).orElseThrow(() -> new PolicyException(
                    "policy '" + policyName + "' is not defined in " + policiesFile + " (defined: " + String.join(", ", loaded.names()) + ")")));
            }
        } catch (PolicyException e) {
            err.println("dlp-scan: " + e.getMessage());
            return BAD_INPUT;
        }
        MessageTextExtractor extractor = new MessageTextExtractor();
        DlpScanner scanner = new DlpScanner();
        boolean fired = false;
        boolean bad = false;
        for (Path file : files) {
            ExtractedMessage message;
            try {
                message = read(extractor, file);
            } catch (IOException | MessagingException e) {
                err.println("dlp-scan: " + file + ": " + e.getMessage());
                bad = true;
                continue;
            }
            for (DlpPolicy policy : policies) {
                DlpReport report = scanner.scan(policy, message);
                for (Finding finding : report.findings()) {
                    out.println(finding.toJson(policy.name(), file.toString()));
                }
                fired |= report.fired();
            }
        }
        out.flush();
        if (bad) {
            return BAD_INPUT;
        }
        return fired ? FIRED : CLEAN;
    }

    private static ExtractedMessage read(MessageTextExtractor extractor, Path file) throws IOException, MessagingException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file");
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml")) {
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                return extractor.extract(message);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text (give .eml files the .eml extension)");
        }
        return ExtractedMessage.of(List.of(Segment.of(Location.textBody(1), text)), 0);
    }
}
