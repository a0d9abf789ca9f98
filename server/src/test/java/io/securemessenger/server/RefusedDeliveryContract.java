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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plain external mail is only handed to a server that offers STARTTLS with a certificate for its
 * name. Otherwise our side refuses the delivery: the outside server sees a connection but no
 * message, and the mail stays in the outgoing-tls queue for a later attempt (and a DSN when
 * retries run out) instead of being lost. Each subclass supplies one kind of unacceptable server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RefusedDeliveryContract {
    private Path temp;
    private ExternalSmtpServer outside;
    private SecureMessengerServer server;
    private Settings settings;

    /** The unacceptable outside server, listening on {@code port}; may set up the JVM's trust. */
    abstract ExternalSmtpServer outsideServer(int port, Path temp) throws Exception;

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

    @Test
    void plainExternalMailShouldNotBeHandedOverAndShouldStayQueued() throws Exception {
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "Lunch", "See you at noon", "friend@outside.test");

        await().atMost(Duration.ofSeconds(60)).until(() -> outside.endedSessions() >= 1);
        assertThat(outside.received()).isEmpty();
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
