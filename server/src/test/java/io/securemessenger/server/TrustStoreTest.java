package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.server.host.delivery.IdentityCheckingSocketFactory;
import io.securemessenger.vault.store.TestPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trust-store} files, and the handshake check outbound SMTP uses: a certificate of the
 * organisation's CA is trusted, and must name the host name or IP address connected to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustStoreTest {
    @TempDir
    Path temp;
    private TestCertificates.Authority ca;

    @BeforeAll
    void trustTheHospitalCa() throws Exception {
        ca = TestCertificates.authority("Hospital Test Root CA");
        TrustStore.load(TestCertificates.pem(Files.createTempFile("ca", ".pem"), ca.certificate), Optional.empty()).installAsDefault();
    }

    @Test
    void aPemBundleShouldAddEachOfItsCertificates() throws Exception {
        TestCertificates.Authority other = TestCertificates.authority("Second CA");
        TrustStore store = TrustStore.load(TestCertificates.pem(temp.resolve("bundle.pem"), ca.certificate, other.certificate), Optional.empty());

        assertThat(store.added()).containsExactly(ca.certificate, other.certificate);
    }

    @Test
    void aPkcs12FileShouldBeReadWithItsPassword() throws Exception {
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setCertificateEntry("hospital", ca.certificate);
        Path file = temp.resolve("cas.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, "changeit".toCharArray());
        }

        assertThat(TrustStore.load(file, Optional.of("changeit".toCharArray())).added()).containsExactly(ca.certificate);
        assertThatThrownBy(() -> TrustStore.load(file, Optional.of("wrong".toCharArray()))).isInstanceOf(IOException.class)
            .hasMessageStartingWith("--trust-store " + file + " is neither a PEM bundle nor a PKCS#12 file this password opens");
    }

    @Test
    void aMissingOrEmptyFileShouldBeAClearError() throws Exception {
        assertThatThrownBy(() -> TrustStore.load(temp.resolve("nowhere.pem"), Optional.empty())).isInstanceOf(IOException.class)
            .hasMessage("--trust-store " + temp.resolve("nowhere.pem") + " cannot be read");
        Path empty = Files.writeString(temp.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TrustStore.load(empty, Optional.empty())).isInstanceOf(IOException.class)
            .hasMessageContaining("--trust-store " + empty);
    }

    @Test
    void postgresqlShouldVerifyWithTheseCasWhenTheUrlAsksToVerify() {
        assertThat(TrustStore.postgresqlUrl("jdbc:postgresql://db:5432/vault?sslmode=verify-full"))
            .isEqualTo("jdbc:postgresql://db:5432/vault?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
        assertThat(TrustStore.postgresqlUrl("jdbc:postgresql://db/vault?user=sm&sslmode=verify-ca"))
            .endsWith("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
        for (String unchanged : new String[] {"jdbc:postgresql://db/vault", "jdbc:postgresql://db/vault?sslmode=require",
            "jdbc:postgresql://db/vault?sslmode=verify-full&sslrootcert=/etc/ca.pem",
            "jdbc:postgresql://db/vault?sslmode=verify-full&sslfactory=com.example.Factory"}) {
            assertThat(TrustStore.postgresqlUrl(unchanged)).isEqualTo(unchanged);
        }
    }

    @Test
    void postgresqlShouldBeVerifiedWithTheseCas() throws Exception {
        KeyStore keys = TestCertificates.issuedBy(ca, "localhost");
        String url = TestPostgres.newTlsCluster(TestCertificates.pemText(keys.getCertificateChain("server")), TestCertificates.pemKey(keys));

        try (Connection connection = DriverManager.getConnection(TrustStore.postgresqlUrl(url + "&sslmode=verify-full"));
             Statement statement = connection.createStatement();
             ResultSet tls = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(tls.next()).isTrue();
            assertThat(tls.getBoolean(1)).as("the connection uses TLS").isTrue();
        }
        // The same server reached by an address its certificate does not name is refused.
        assertThatThrownBy(() -> DriverManager.getConnection(TrustStore.postgresqlUrl(url.replace("//localhost:", "//127.0.0.1:")
            + "&sslmode=verify-full")).close()).isInstanceOf(SQLException.class);
    }

    @Test
    void anIpAddressShouldBeAcceptedWhenTheCertificateHasItAsAnIpSan() throws Exception {
        assertThat(handshake(TestCertificates.issuedBy(ca, "relay.hospital.test", "127.0.0.1"), "127.0.0.1")).isTrue();
    }

    @Test
    void aHostNameShouldBeAcceptedWhenTheCertificateNamesIt() throws Exception {
        assertThat(handshake(TestCertificates.issuedBy(ca, "localhost"), "localhost")).isTrue();
    }

    @Test
    void aCertificateForAnotherAddressOrOnlyANameShouldBeRefused() throws Exception {
        assertThat(handshake(TestCertificates.issuedBy(ca, "127.0.0.2"), "127.0.0.1")).isFalse();
        assertThat(handshake(TestCertificates.issuedBy(ca, "localhost"), "127.0.0.1")).isFalse();
        assertThat(handshake(TestCertificates.issuedBy(ca, "127.0.0.1"), "localhost")).isFalse();
        assertThat(handshake(TestCertificates.issuedBy(ca, "elsewhere.test"), "localhost")).isFalse();
    }

    @Test
    void aCertificateOfAnUntrustedCaShouldBeRefusedWhateverItNames() throws Exception {
        assertThat(handshake(TestCertificates.issuedBy(TestCertificates.authority("Someone Else"), "127.0.0.1"), "127.0.0.1")).isFalse();
    }

    /** Whether a client of {@link IdentityCheckingSocketFactory}, told it reaches {@code host}, completes a handshake. */
    private boolean handshake(KeyStore serverKeys, String host) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) TestCertificates.sslContext(serverKeys).getServerSocketFactory()
            .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    accepted.getInputStream().read();
                } catch (IOException expectedWhenRefused) {
                    // the client gave up
                }
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket tls = (SSLSocket) ((javax.net.ssl.SSLSocketFactory) IdentityCheckingSocketFactory.getDefault())
                     .createSocket(plain, host, listener.getLocalPort(), true)) {
                tls.startHandshake();
                return true;
            } catch (SSLHandshakeException refused) {
                return false;
            } finally {
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
