package io.securemessenger.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests no browser would send, written byte for byte over TLS: whoever sends them gets the
 * portal's plain error page with the security headers, never a stack trace or the request echoed.
 * And the TLS a client may use: 1.2 and 1.3, AEAD ciphers only.
 */
class PortalRawRequestsTest {
    @TempDir
    Path dir;
    private Vault vault;
    private TestKeystore keystore;
    private PortalServer portal;

    @BeforeEach
    void start() throws Exception {
        vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC());
        keystore = TestKeystore.create(dir);
        portal = PortalServer.start(vault, PortalConfig.builder().host("127.0.0.1").port(0).keystore(keystore.path, TestKeystore.PASSWORD)
                .organisation("Example Health").build(), (delivery, at) -> { }, (id, reply, from, recipients) -> { },
            (address, hint, link, expires) -> { }, new StaffDirectory(java.util.Map.of()), PortalHttpTest.NO_OFFICER, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        vault.close();
    }

    /** The whole answer to {@code request} (status line, headers, body). */
    private String raw(String request) throws Exception {
        try (SSLSocket socket = (SSLSocket) keystore.clientContext.getSocketFactory().createSocket("localhost", portal.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertPlainErrorPage(String answer, int status, String title) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        String lower = answer.toLowerCase(Locale.ROOT);
        assertThat(lower).contains("content-security-policy: default-src 'none'").contains("strict-transport-security: max-age=31536000")
            .contains("x-content-type-options: nosniff").contains("cache-control: no-store");
        assertThat(answer).contains(title).contains("Example Health")
            .doesNotContain("Exception").doesNotContain("at org.").doesNotContain("at java.").doesNotContain("Jetty")
            .doesNotContain("Powered by");
    }

    @Test
    void aBrokenPercentEscapeInTheQueryShouldGetThePortalsBadRequestPage() throws Exception {
        String answer = raw("GET /sign-in?email=% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertPlainErrorPage(answer, 400, "This request cannot be read");
    }

    @Test
    void aBrokenPercentEscapeInAFormShouldGetThePortalsBadRequestPage() throws Exception {
        String body = "email=%&password=x";
        String answer = raw("POST /sign-in HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: " + body.length() + "\r\n\r\n" + body);

        assertPlainErrorPage(answer, 400, "This request cannot be read");
    }

    @Test
    void aPathJettyCannotDecodeShouldGetThePortalsBadRequestPage() throws Exception {
        String answer = raw("GET /messages/%zz%c0%af HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("Exception").doesNotContain("at org.").doesNotContain("%c0");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-security-policy: default-src 'none'");
    }

    @Test
    void headersTooLargeShouldGetThePortalsPageWithoutTheRequestEchoed() throws Exception {
        String answer = raw("GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431 ").doesNotContain("aaaaaaaaaa").doesNotContain("Exception");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-security-policy: default-src 'none'");
    }

    /** Whether a TLS 1.2 handshake offering only {@code suite} succeeds. */
    private boolean handshakeSucceeds(String protocol, String suite) throws Exception {
        try (SSLSocket socket = (SSLSocket) keystore.clientContext.getSocketFactory().createSocket("localhost", portal.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return true;
        } catch (javax.net.ssl.SSLException e) {
            return false;
        }
    }

    @Test
    void onlyAeadCiphersShouldBeOffered() throws Exception {
        // The test key is an EC key: the suites that could otherwise work are the ECDSA ones.
        assertThat(handshakeSucceeds("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isTrue();
        assertThat(handshakeSucceeds("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isTrue();
        for (String cbc : new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"}) {
            assertThat(handshakeSucceeds("TLSv1.2", cbc)).as(cbc).isFalse();
        }
        assertThat(handshakeSucceeds("TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).as("TLS 1.1").isFalse();
    }

    @Test
    void anUnknownMethodShouldBeNotFoundWithThePortalsPage() throws Exception {
        String answer = raw("DELETE /sent HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertPlainErrorPage(answer, 404, Pages.NOT_FOUND_TITLE);
    }
}
