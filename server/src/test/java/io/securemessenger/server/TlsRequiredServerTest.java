package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An outside server that offers no STARTTLS is never sent the mail in clear: the delivery is
 * refused by our side, and the mail stays queued for a later attempt (and a DSN when retries run
 * out) instead of being lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsRequiredServerTest {
    private Path temp;
    private ExternalSmtpServer plainTextOnly;
    private SecureMessengerServer server;
    private Settings settings;

    @BeforeAll
    void start() throws Exception {
        temp = Files.createTempDirectory("secure-messenger-tls");
        int outsidePort = TestServers.freePort();
        plainTextOnly = ExternalSmtpServer.withoutTls(outsidePort);
        settings = Settings.builder()
            .dataDir(temp.resolve("data"))
            .confDir(Path.of("..", "james-conf"))
            .smtpPort(TestServers.freePort()).submissionPort(TestServers.freePort())
            .imapPort(TestServers.freePort()).webAdminPort(TestServers.freePort())
            .localDomains(List.of("hospital.test"))
            .outboundSmarthost(Optional.of(HostPort.parse("localhost:" + outsidePort)))
            .build();
        server = SecureMessengerServer.prepare(settings).start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (plainTextOnly != null) {
            plainTextOnly.close();
        }
        org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
    }

    @Test
    void plainExternalMailShouldNotBeSentToAServerWithoutStartTls() throws Exception {
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "Lunch", "See you at noon", "friend@outside.test");

        await().atMost(Duration.ofSeconds(60)).until(() -> plainTextOnly.endedSessions() >= 1);
        assertThat(plainTextOnly.received()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> queueSize("outgoing-tls") == 1);
    }

    private long queueSize(String queue) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.webAdminPort() + "/mailQueues/" + queue)).build(),
            HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("\"size\":(\\d+)").matcher(response.body());
        return size.find() ? Long.parseLong(size.group(1)) : -1;
    }
}
