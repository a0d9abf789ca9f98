package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.portal.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The directory connection is TLS and checked, whichever way it is reached: {@code ldap://} does
 * StartTLS before it binds (the test's slapd refuses anything without TLS), and over both
 * {@code ldap://} and {@code ldaps://} a certificate that does not name the host the server was told
 * to reach (the right CA, but for {@code elsewhere.test} while the server dials {@code localhost})
 * is refused, so the directory counts as unreachable and a sender's sign-in says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryTlsServerTest {
    private static final String PEOPLE = "ou=people," + TestSlapd.SUFFIX;
    private static final String SENDER = "jane.doe@exchange.test";
    private static final String PASSWORD = "Directory-pw-Jane-1";

    private Path temp;
    private TestSlapd directory;
    private TestSlapd misnamed;
    private TestCertificates.Authority ca;
    private Path bindPassword;

    @BeforeAll
    void startDirectory() throws Exception {
        temp = Files.createTempDirectory("secure-messenger-directory-tls");
        ca = TestCertificates.authority("Hospital Test Root CA");
        String ldif = String.join("\n",
            "dn: " + TestSlapd.SUFFIX, "objectClass: dcObject", "objectClass: organization", "o: Hospital", "dc: hospital", "",
            "dn: ou=people," + TestSlapd.SUFFIX, "objectClass: organizationalUnit", "ou: people", "",
            "dn: ou=services," + TestSlapd.SUFFIX, "objectClass: organizationalUnit", "ou: services", "",
            "dn: " + TestSlapd.READER, "objectClass: organizationalRole", "objectClass: simpleSecurityObject", "cn: gateway",
            "userPassword: gateway-secret", "",
            "dn: uid=jdoe," + PEOPLE, "objectClass: inetOrgPerson", "uid: jdoe", "cn: Jane Doe", "sn: Doe", "mail: " + SENDER,
            "userPassword: " + PASSWORD, "", "");
        directory = TestSlapd.start(temp.resolve("slapd"), TestCertificates.issuedBy(ca, "localhost"), ldif);
        // The same directory content behind a certificate of the right CA for another host.
        misnamed = TestSlapd.start(temp.resolve("slapd-misnamed"), TestCertificates.issuedBy(ca, "elsewhere.test"), ldif);
        bindPassword = Files.writeString(temp.resolve("bind.password"), "gateway-secret\n");
    }

    @AfterAll
    void stopDirectory() throws Exception {
        for (TestSlapd slapd : new TestSlapd[] {directory, misnamed}) {
            if (slapd != null) {
                slapd.close();
            }
        }
        org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
    }

    @Test
    void ldapUrlsShouldStartTlsBeforeBinding() throws Exception {
        assertThat(signInStatus(directory.startTlsUrl(), "startls")).isEqualTo(303);
    }

    @Test
    void aStartTlsCertificateForAnotherHostShouldBeRefused() throws Exception {
        assertThat(signInStatus(misnamed.startTlsUrl(), "startls-wrong-name")).isEqualTo(503);
    }

    @Test
    void anLdapsCertificateForAnotherHostShouldBeRefused() throws Exception {
        assertThat(signInStatus(misnamed.url(), "ldaps-wrong-name")).isEqualTo(503);
    }

    /** Starts a server whose users are in the directory at {@code url}; returns what a sender's sign-in gets. */
    private int signInStatus(String url, String name) throws Exception {
        Path home = temp.resolve(name);
        Path data = home.resolve("data");
        DataDirectory.createPrivateDirectory(data);
        String keystorePassword = TlsKeystore.ensure(data);
        Certificate portal = TestCertificates.certificateOf(data.resolve("tls/keystore.p12"), keystorePassword, TlsKeystore.ALIAS);
        Path trust = TestCertificates.pem(home.resolve("trust.pem"), ca.certificate, portal);
        Settings settings = TestServers.settings(home, TestServers.freePort()).trustedDomains(List.of("exchange.test"))
            .trustStore(Optional.of(trust))
            .ldap(Optional.of(LdapSettings.of(url, Optional.of(TestSlapd.READER), Optional.of(bindPassword), PEOPLE, "mail", "inetOrgPerson",
                Optional.empty(), Duration.ofSeconds(3))))
            .build();
        SecureMessengerServer server = SecureMessengerServer.prepare(settings).start();
        try {
            Browser jane = new Browser(SSLContext.getDefault(), settings.portalPort());
            jane.get("/sign-in");
            return jane.post("/sign-in", "email", SENDER, "password", PASSWORD).statusCode();
        } finally {
            server.stop();
        }
    }
}
