package io.securemessenger.benchmarks.portal;

import io.securemessenger.benchmarks.Targets;
import io.securemessenger.portal.Browser;
import io.securemessenger.portal.InternalDirectory;
import io.securemessenger.portal.PortalConfig;
import io.securemessenger.portal.PortalServer;
import io.securemessenger.server.TlsKeystore;
import io.securemessenger.vault.MessageSummary;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.delivery.DeliveryStore;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The portal under load: N recipients signed in at once (each its own HTTPS connection and
 * session), each reading its copy of a sealed message (10 KB text, 100 KB attachment) as fast as
 * it can, and then the same N clients fetching a static page of the same server (the style sheet):
 * the baseline measured in the same run. Prints p50 and p99 latency and requests per second of
 * both, and the ratios. The vault is the embedded Derby one, as in the default install.
 *
 * <pre>benchmarks/run-portal-load.sh [sessions, default 50] [seconds per phase, default 20]</pre>
 */
public final class PortalLoadHarness {
    private static final String PASSWORD = "plum orchard under snow";

    private PortalLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("portal-load");
        String keystorePassword = TlsKeystore.ensure(dir);
        try (Vault vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC())) {
            List<DeliveryStore.Created> deliveries = seal(vault, sessions);
            InternalDirectory nobody = new InternalDirectory() {
                @Override
                public boolean isInternal(String address) {
                    return false;
                }

                @Override
                public boolean authenticate(String address, char[] password) {
                    return false;
                }
            };
            PortalServer portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0)
                    .keystore(dir.resolve("tls/keystore.p12"), keystorePassword.toCharArray()).build(),
                (delivery, at) -> { }, (id, reply, from, to) -> { }, (address, hint, link, expires) -> { }, nobody,
                new io.securemessenger.portal.OfficerNotices() {
                    @Override
                    public void resendNotification(String deliveryId, String recipient, String senderName, String senderAddress,
                                                   java.util.Optional<String> subject, String link, java.time.Instant expires) {
                        throw new UnsupportedOperationException("the load harness has no officers");
                    }

                    @Override
                    public void emergencyAccess(java.util.List<String> to, String officer, String messageId, String sender,
                                                java.time.Instant sealedAt, String reason, java.time.Instant at) {
                        throw new UnsupportedOperationException("the load harness has no officers");
                    }
                }, Clock.systemUTC());
            try {
                SSLContext tls = trust(dir.resolve("tls/keystore.p12"), keystorePassword.toCharArray());
                List<Browser> browsers = new ArrayList<>();
                for (DeliveryStore.Created delivery : deliveries) {
                    Browser browser = new Browser(tls, portal.port());
                    browser.get("/m/" + delivery.token().value());
                    browser.get("/register");
                    browser.post("/register", "first", "Pat", "last", "Load", "password", PASSWORD, "confirm", PASSWORD, "hint", "winter trees");
                    if (browser.last.statusCode() != 303) {
                        throw new IllegalStateException("Registration failed: " + browser.last.statusCode());
                    }
                    browsers.add(browser);
                }
                System.out.printf(Locale.ROOT, "Portal load: %d signed-in sessions, %d s per phase (after %d s of warm-up)%n", sessions, seconds, 5);
                IntFunction<String> staticPage = i -> "/static/portal.css";
                IntFunction<String> messagePage = i -> "/messages/" + deliveries.get(i).deliveryId();
                run(browsers, staticPage, 5);
                run(browsers, messagePage, 5);
                Result baseline = run(browsers, staticPage, seconds);
                Result view = run(browsers, messagePage, seconds);
                System.out.println(baseline.line("static page (baseline)"));
                System.out.println(view.line("message view"));
                double p99 = view.percentile(99) / baseline.percentile(99);
                System.out.printf(Locale.ROOT, "Message view / static page: throughput %.1f%%, p50 latency x%.1f, p99 latency x%.1f%n",
                    100.0 * view.perSecond() / baseline.perSecond(), view.percentile(50) / baseline.percentile(50), p99);
                System.out.println(Targets.line("portal message view p99 / static page, " + sessions + " sessions",
                    String.format(Locale.ROOT, "%.1f", p99), "<= 3", p99 <= 3));
            } finally {
                portal.stop();
            }
        }
    }

    /** One sealed message with a delivery per session. */
    private static List<DeliveryStore.Created> seal(Vault vault, int sessions) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("dr.grey@hospital.test", "Dr Meredith Grey"));
        message.setRecipients(javax.mail.Message.RecipientType.TO, "patient@outside.test");
        message.setSubject("Secure: Lab results");
        MimeBodyPart text = new MimeBodyPart();
        char[] body = new char[10_000];
        Arrays.fill(body, 'x');
        text.setText("Dear patient,\n" + new String(body), "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(new byte[100_000], "application/pdf");
        attachment.setFileName("report.pdf");
        message.setContent(new MimeMultipart(text, attachment));
        message.saveChanges();
        ByteArrayOutputStream mime = new ByteArrayOutputStream();
        message.writeTo(mime);
        Instant now = Instant.now();
        vault.messages().seal("load-1", "dr.grey@hospital.test", vault.keyRing(), now, now.plus(Duration.ofDays(30)),
            List.of(SealedMessageStore.Part.of("message", new ByteArrayInputStream(mime.toByteArray())),
                SealedMessageStore.Part.of(MessageSummary.PART, new MessageSummary("Lab results", now, List.of("patient@outside.test"),
                    List.of(new MessageSummary.Attachment("report.pdf", 100_000))).toStream())));
        List<DeliveryStore.Created> deliveries = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            deliveries.add(vault.deliveries().create("load-1", "patient" + i + "@outside.test", now));
        }
        return deliveries;
    }

    /** Every browser fetching its path in a loop for {@code seconds}. */
    private static Result run(List<Browser> browsers, IntFunction<String> path, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        // Each client's latencies, grown as needed: a fixed 2,000,000 per client was 800 MB per phase at
        // 50 sessions, allocated in the JVM that also runs the portal, whose collection then fell into
        // the phases measured after it.
        long[][] latencies = new long[browsers.size()][];
        int[] counts = new int[browsers.size()];
        CountDownLatch done = new CountDownLatch(browsers.size());
        for (int i = 0; i < browsers.size(); i++) {
            latencies[i] = new long[16_384];
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        browsers.get(index).get(path.apply(index));
                        if (browsers.get(index).last.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + browsers.get(index).last.statusCode());
                        }
                        long took = System.nanoTime() - start;
                        if (counts[index] == latencies[index].length) {
                            latencies[index] = Arrays.copyOf(latencies[index], counts[index] * 2);
                        }
                        latencies[index][counts[index]++] = took;
                    }
                } catch (Exception e) {
                    System.err.println("Client " + index + " failed: " + e);
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < counts.length; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return new Result(all, seconds);
    }

    private static final class Result {
        private final long[] sorted;
        private final int seconds;

        Result(long[] sorted, int seconds) {
            this.sorted = sorted;
            this.seconds = seconds;
        }

        double perSecond() {
            return (double) sorted.length / seconds;
        }

        /** In milliseconds. */
        double percentile(int p) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
        }

        String line(String name) {
            return String.format(Locale.ROOT, "%-24s %8.1f requests/s   p50 %7.2f ms   p99 %7.2f ms   (%d requests)", name, perSecond(),
                percentile(50), percentile(99), sorted.length);
        }
    }

    private static SSLContext trust(Path keystore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("portal", keys.getCertificate(keys.aliases().nextElement()));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
