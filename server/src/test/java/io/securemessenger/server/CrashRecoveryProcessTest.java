package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.mail.Message;
import org.junit.jupiter.api.Test;

/**
 * "Accepted means kept", across crashes: a few hundred messages of every kind go in over SMTP
 * while the server process is killed ({@code kill -9}) at random moments and started again on
 * the same data directory. Once it has drained, every message that got a 250 must be where it
 * belongs, exactly once: plain internal mail in the nurse's mailbox, plain external mail at the
 * outside server, triggered and DLP-flagged mail sealed with the recipient notified (and the
 * content nowhere outside), mail to a recipient the outside refuses bounced to the sender as a
 * DSN. Lost must be 0; duplicates are reported ({@code target/crash-report.txt}).
 */
class CrashRecoveryProcessTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String DOCTOR = "dr.grey@hospital.test";
    private static final String NURSE = "nurse.joy@hospital.test";
    private static final int MESSAGES = 250;
    private static final int KILLS = 3;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofMinutes(3);
    private static final List<String> QUEUES = List.of("spool", "outgoing-tls", "outgoing-tls-retry", "outgoing-notifications");

    enum Kind { INTERNAL, EXTERNAL, TRIGGERED, DLP, REFUSED }

    @Test
    void noAcceptedMessageShouldBeLostWhenTheServerIsKilledAtRandomMoments() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path work = Files.createTempDirectory("secure-messenger-crash");
        int outsidePort = TestServers.freePort();
        KeyStore outsideKeys = TestCertificates.serverKeyStore("localhost");
        Path serverTrust = work.resolve("server-trust.p12");
        try (ExternalSmtpServer outside = new ExternalSmtpServer(outsidePort, TestCertificates.sslContext(outsideKeys))) {
            Settings settings = TestServers.settings(work, outsidePort).relayNetworks(List.of("127.0.0.0/8")).build();
            TestCertificates.trustOnly(serverTrust, outsideKeys.getCertificate("server"));
            try (ServerProcess server = new ServerProcess(work, settings, serverTrust)) {
                server.start(START);
                // This JVM reads mailboxes over IMAP with STARTTLS: it trusts the server's generated certificate.
                TestServers.trustOutsideAndServer(work, outsideKeys, settings);
                WebAdmin webAdmin = new WebAdmin(settings.webAdminPort());
                for (String user : List.of(DOCTOR, NURSE)) {
                    webAdmin.put("/users/" + user, "{\"password\":\"" + PASSWORD + "\"}");
                }

                Map<Integer, Kind> acknowledged = new ConcurrentHashMap<>();
                List<Integer> unacknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
                List<Integer> killAt = new ArrayList<>();
                for (int k = 0; k < KILLS; k++) {
                    killAt.add(20 + random.nextInt(MESSAGES - 40));
                }
                java.util.Collections.sort(killAt);
                for (int i = 0; i < MESSAGES; i++) {
                    if (Kind.values()[i % Kind.values().length] == Kind.REFUSED) {
                        outside.refuse(recipient(Kind.REFUSED, i));
                    }
                }
                // Two clients send at once, as mail servers on the relay network do; the process is killed
                // while they are mid-transaction, and they wait while it starts again.
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
                Runnable client = () -> {
                    for (int i = next.getAndIncrement(); i < MESSAGES; i = next.getAndIncrement()) {
                        while (down.get()) {
                            sleep(100);
                        }
                        Kind kind = Kind.values()[i % Kind.values().length];
                        try {
                            send(settings.smtpPort(), kind, i);
                            acknowledged.put(i, kind);
                        } catch (Exception e) {
                            unacknowledged.add(i);
                        }
                    }
                };
                java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
                clients.submit(client);
                clients.submit(client);
                for (int at : killAt) {
                    while (next.get() < at) {
                        sleep(20);
                    }
                    sleep(random.nextInt(300));
                    down.set(true);
                    server.kill();
                    server.start(START);
                    down.set(false);
                }
                clients.shutdown();
                assertThat(clients.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

                Map<Integer, Long> arrivals = drain(acknowledged, outside, settings);
                // What is still missing may wait for a retry (a delivery attempt failed in the turmoil of
                // a restart: the next one is minutes later). Flush the retry delays, as an administrator
                // would from WebAdmin, and wait once more: late is not lost, but it is reported.
                List<Integer> missing = arrivals.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                    .sorted().collect(Collectors.toList());
                if (!missing.isEmpty()) {
                    for (String queue : QUEUES) {
                        webAdmin.patch("/mailQueues/" + queue + "/mails?delayed=true", "{\"delayed\": false}");
                    }
                    arrivals = drain(acknowledged, outside, settings);
                }
                Map<Integer, Long> arrived = arrivals;
                List<Integer> late = missing.stream().filter(i -> arrived.get(i) > 0).collect(Collectors.toList());
                Map<Kind, List<Integer>> lost = byKind(acknowledged, arrivals, copies -> copies == 0);
                Map<Kind, List<Integer>> duplicated = byKind(acknowledged, arrivals, copies -> copies > 1);
                List<Integer> leaked = acknowledged.entrySet().stream()
                    .filter(e -> e.getValue() == Kind.TRIGGERED || e.getValue() == Kind.DLP)
                    .map(Map.Entry::getKey)
                    .filter(i -> outside.received().stream().anyMatch(r -> r.raw.contains(secret(i))))
                    .collect(Collectors.toList());

                // A duplicated notification with one link is the same notification delivered twice; two
                // links would mean the message was sealed or announced twice.
                List<Integer> twoLinks = acknowledged.entrySet().stream()
                    .filter(e -> e.getValue() == Kind.TRIGGERED || e.getValue() == Kind.DLP)
                    .map(Map.Entry::getKey)
                    .filter(i -> outside.received().stream().filter(r -> r.envelopeTo.equals(recipient(acknowledged.get(i), i)))
                        .map(r -> link(r.raw)).distinct().count() > 1)
                    .sorted().collect(Collectors.toList());
                // Where the server says mail waits: queues and the error repository (diagnostics for a loss).
                StringBuilder waiting = new StringBuilder();
                for (String queue : QUEUES) {
                    waiting.append(queue).append('=').append(webAdmin.queueSize(queue)).append(' ');
                }
                waiting.append("error=").append(webAdmin.repositorySize("var/mail/error"));
                String report = String.join(System.lineSeparator(),
                    "Crash test (seed " + seed + "): " + MESSAGES + " messages, " + KILLS + " kill -9 at messages " + killAt,
                    "  acknowledged (250): " + acknowledged.size() + ", not acknowledged (connection lost): " + unacknowledged.size(),
                    "  lost:       " + count(lost) + " " + lost,
                    "  late (arrived only after the retry delays were flushed): " + late,
                    "  duplicated: " + count(duplicated) + " " + duplicated,
                    "  sealed messages announced with two different links: " + twoLinks,
                    "  sealed content seen outside: " + leaked.size(),
                    "  still waiting at the end: " + waiting);
                System.out.println(report);
                Files.writeString(Path.of("target", "crash-report.txt"), report + System.lineSeparator(), StandardCharsets.UTF_8);

                assertThat(acknowledged.size()).isGreaterThan(MESSAGES * 9 / 10);
                if (count(lost) > 0) {
                    // Keep the servers' logs for whoever reads the failure.
                    Path kept = Files.createDirectories(Path.of("target", "crash-logs"));
                    for (Path log : server.logs()) {
                        Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    StringBuilder errors = new StringBuilder(webAdmin.get("/mailRepositories/var%2Fmail%2Ferror/mails").body()).append('\n');
                    java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(errors.toString());
                    while (key.find()) {
                        errors.append(webAdmin.get("/mailRepositories/var%2Fmail%2Ferror/mails/"
                            + java.net.URLEncoder.encode(key.group(1), StandardCharsets.UTF_8)).body()).append('\n');
                    }
                    Files.writeString(kept.resolve("error-repository.json"), errors.toString());
                }
                assertThat(count(lost)).as(report + "\nserver logs: target/crash-logs").isZero();
                assertThat(leaked).isEmpty();
            }
        } finally {
            org.apache.commons.io.FileUtils.deleteQuietly(work.toFile());
        }
    }

    private static String link(String notification) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/m/([A-Za-z0-9_-]{43})").matcher(notification);
        return m.find() ? m.group(1) : "";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(Kind kind, int i) {
        switch (kind) {
            case INTERNAL:
                return NURSE;
            case EXTERNAL:
                return "partner-" + i + "@outside.test";
            case TRIGGERED:
                return "patient-" + i + "@outside.test";
            case DLP:
                return "carer-" + i + "@outside.test";
            default:
                return "gone-" + i + "@outside.test";
        }
    }

    private static String subject(Kind kind, int i) {
        return (kind == Kind.TRIGGERED ? "Secure: Results " : "Note ") + tag(i);
    }

    private static String tag(int i) {
        return "crash-" + i + "-";
    }

    private static String secret(int i) {
        return "content-" + i + "-only";
    }

    private static void send(int smtpPort, Kind kind, int i) throws Exception {
        String body = (kind == Kind.DLP ? "Patient SSN 536-22-8845. " : "") + secret(i) + " " + tag(i);
        TestServers.relay(smtpPort, DOCTOR, subject(kind, i), body, recipient(kind, i));
    }

    /** How many copies of each acknowledged message are where they belong. */
    private static Map<Integer, Long> arrivals(Map<Integer, Kind> acknowledged, ExternalSmtpServer outside, Settings settings) throws Exception {
        Map<String, Long> outsideTo = outside.received().stream().collect(Collectors.groupingBy(r -> r.envelopeTo, Collectors.counting()));
        List<String> nurse = inbox(settings, NURSE, m -> m.getSubject());
        List<String> reports = inbox(settings, DOCTOR, m -> Mailboxes.isReport(m) ? reportedRecipients(m) : "");
        Map<Integer, Long> arrivals = new java.util.HashMap<>();
        for (Map.Entry<Integer, Kind> sent : acknowledged.entrySet()) {
            int i = sent.getKey();
            String to = recipient(sent.getValue(), i);
            long copies;
            switch (sent.getValue()) {
                case INTERNAL:
                    copies = nurse.stream().filter(s -> s != null && s.contains(tag(i))).count();
                    break;
                case REFUSED:
                    copies = reports.stream().filter(r -> r.contains(to)).count();
                    break;
                default:
                    copies = outsideTo.getOrDefault(to, 0L);
            }
            arrivals.put(i, copies);
        }
        return arrivals;
    }

    /** Polls until every acknowledged message has arrived, or {@link #DRAIN} has passed. */
    private static Map<Integer, Long> drain(Map<Integer, Kind> acknowledged, ExternalSmtpServer outside, Settings settings) throws Exception {
        Instant deadline = Instant.now().plus(DRAIN);
        Map<Integer, Long> arrivals = arrivals(acknowledged, outside, settings);
        while (arrivals.containsValue(0L) && Instant.now().isBefore(deadline)) {
            Thread.sleep(3000);
            arrivals = arrivals(acknowledged, outside, settings);
        }
        return arrivals;
    }

    private static Map<Kind, List<Integer>> byKind(Map<Integer, Kind> acknowledged, Map<Integer, Long> arrivals,
                                                   java.util.function.LongPredicate condition) {
        Map<Kind, List<Integer>> out = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            out.put(kind, new ArrayList<>());
        }
        arrivals.forEach((i, copies) -> {
            if (condition.test(copies)) {
                out.get(acknowledged.get(i)).add(i);
            }
        });
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    private static int count(Map<Kind, List<Integer>> byKind) {
        return byKind.values().stream().mapToInt(List::size).sum();
    }

    private static String reportedRecipients(Message message) {
        try {
            return Mailboxes.partText((javax.mail.internet.MimeMultipart) message.getContent(), "message/delivery-status");
        } catch (Exception e) {
            return "";
        }
    }

    private interface Extract {
        String apply(Message message) throws Exception;
    }

    private static List<String> inbox(Settings settings, String user, Extract extract) throws Exception {
        return Mailboxes.readInbox(settings.imapPort(), user, PASSWORD, folder -> {
            List<String> out = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                out.add(extract.apply(message));
            }
            return out;
        });
    }
}
