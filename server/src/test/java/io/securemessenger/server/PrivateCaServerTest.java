package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A hospital's own CA, given only with {@code --trust-store} (a PEM file; no JVM flag, no system
 * trust store property): the outside relay is a smarthost given as an IP address, with a certificate
 * of that CA naming the relay and its IP (a DNS and an IP SAN); the internal Exchange hub is given by name, with a certificate
 * of the same CA for that name. Both require STARTTLS, so nothing arrives unless the server trusts
 * the CA and, for the IP, checks an IP SAN — which JavaMail alone cannot on Java 17.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateCaServerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Path temp;
    private ExternalSmtpServer outsideRelay;
    private ExternalSmtpServer exchangeHub;
    private SecureMessengerServer server;
    private Settings settings;

    @BeforeAll
    void start() throws Exception {
        temp = Files.createTempDirectory("secure-messenger-private-ca");
        TestCertificates.Authority ca = TestCertificates.authority("Hospital Test Root CA");
        int relayPort = TestServers.freePort();
        int hubPort = TestServers.freePort();
        outsideRelay = new ExternalSmtpServer(relayPort, TestCertificates.sslContext(TestCertificates.issuedBy(ca, "relay.hospital.test", "127.0.0.1")));
        exchangeHub = new ExternalSmtpServer(hubPort, TestCertificates.sslContext(TestCertificates.issuedBy(ca, "localhost")));
        settings = TestServers.settings(temp, relayPort)
            .outboundSmarthost(Optional.of(HostPort.parse("127.0.0.1:" + relayPort)))
            .internalSmarthost(Optional.of(HostPort.parse("localhost:" + hubPort)))
            .trustedDomains(List.of("exchange.test"))
            .trustStore(Optional.of(TestCertificates.pem(temp.resolve("hospital-ca.pem"), ca.certificate)))
            .build();
        server = SecureMessengerServer.prepare(settings).start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        for (ExternalSmtpServer peer : new ExternalSmtpServer[] {outsideRelay, exchangeHub}) {
            if (peer != null) {
                peer.close();
            }
        }
        org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
    }

    @Test
    void outsideMailShouldLeaveThroughAnIpAddressSmarthostWhoseCertificateNamesThatAddress() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "Lunch " + marker, "See you at noon " + marker, "friend@outside.test");

        await().atMost(PATIENCE).until(() -> outsideRelay.receivedWith(marker).size() == 1);
        assertThat(outsideRelay.receivedWith(marker).get(0).raw).contains("See you at noon " + marker);
    }

    @Test
    void mailToTheExchangeHubShouldTrustTheHospitalsOwnCa() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "Rota " + marker, "Night shift swap " + marker, "nurse.joy@exchange.test");

        await().atMost(PATIENCE).until(() -> exchangeHub.receivedWith(marker).size() == 1);
        assertThat(exchangeHub.receivedWith(marker).get(0).envelopeTo).isEqualTo("nurse.joy@exchange.test");
        assertThat(outsideRelay.receivedWith(marker)).isEmpty();
    }
}
