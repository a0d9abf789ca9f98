package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.securemessenger.server.host.delivery.SMTPTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plain external mail is only handed to a server that offers STARTTLS with a certificate for its
 * name. Otherwise the server never gets the mail in clear; each subclass supplies one kind of
 * unacceptable server and checks what happens to the mail instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RefusedDeliveryContract {
    private Path temp;
    ExternalSmtpServer outside;
    SecureMessengerServer server;
    Settings settings;

    /** The unacceptable outside server, listening on {@code port}; may set up the JVM's trust. */
    abstract ExternalSmtpServer outsideServer(int port, Path temp) throws Exception;

    /** What the administrator's WARN line gives as the reason an attempt failed. */
    abstract String refusalReason();

    @BeforeAll
    void start() throws Exception {
        temp = Files.createTempDirectory("secure-messenger-refused");
        int outsidePort = TestServers.freePort();
        outside = outsideServer(outsidePort, temp);
        settings = TestServers.settings(temp, outsidePort).build();
        server = SecureMessengerServer.prepare(settings).start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (outside != null) {
            outside.close();
        }
        org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
    }

    /** Sends plain (untriggered, PHI-free) mail to an outside recipient through the relay port. */
    void sendPlain(String marker) throws Exception {
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "Lunch " + marker, "See you at noon " + marker, "friend@outside.test");
    }

    @Test
    void plainExternalMailShouldNeverReachTheServerInClear() throws Exception {
        String marker = "m-" + java.util.UUID.randomUUID();
        sendPlain(marker);

        await().atMost(Duration.ofSeconds(60)).until(() -> outside.endedSessions() >= 1);
        Thread.sleep(2000);
        assertThat(outside.received()).noneMatch(r -> r.raw.contains("See you at noon " + marker));
    }

    @Test
    void eachFailedAttemptShouldBeOneWarningNamingQueueNextHopAndReasonNeverContent() throws Exception {
        try (CapturedLog log = new CapturedLog(SMTPTransport.class)) {
            String marker = "m-" + UUID.randomUUID();
            sendPlain(marker);
            String hop = "from queue outgoing-tls to localhost:" + settings.outboundSmarthost().orElseThrow().port() + " failed: ";

            await().atMost(Duration.ofSeconds(60)).until(() -> log.events().stream().anyMatch(e -> e.getFormattedMessage().contains(hop)));
            assertThat(log.events()).allSatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).startsWith("Delivery attempt of mail ").doesNotContain(marker)
                    .doesNotContain("friend@outside.test").doesNotContain("dr.grey@hospital.test").doesNotContain("See you at noon");
                assertThat(e.getThrowableProxy()).isNull();
            });
            assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains(hop))
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains(refusalReason()));
        }
    }

    long queueSize(String queue) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.webAdminPort() + "/mailQueues/" + queue)).build(),
            HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("\"size\":(\\d+)").matcher(response.body());
        return size.find() ? Long.parseLong(size.group(1)) : -1;
    }
}
