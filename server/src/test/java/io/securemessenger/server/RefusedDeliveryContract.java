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

    long queueSize(String queue) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.webAdminPort() + "/mailQueues/" + queue)).build(),
            HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("\"size\":(\\d+)").matcher(response.body());
        return size.find() ? Long.parseLong(size.group(1)) : -1;
    }
}
