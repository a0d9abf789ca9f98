package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securemessenger.portal.Browser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Senders who have no James account — Exchange users, as the seed's are — sign in to the portal with
 * their directory password: the server takes its users from a real OpenLDAP ({@link TestSlapd},
 * ldaps:// with a certificate of the hospital's CA, trusted through {@code --trust-store}), through
 * James' own {@code ReadOnlyUsersLDAPRepository}. The last two stop the directory, the very last
 * while the server restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectorySignInServerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PEOPLE = "ou=people," + TestSlapd.SUFFIX;
    private static final String EXCHANGE_SENDER = "jane.doe@exchange.test";
    private static final String EXCHANGE_PASSWORD = "Directory-pw-Jane-1";
    private static final String LOCAL_SENDER = "dr.grey@hospital.test";
    private static final String LOCAL_PASSWORD = "Directory-pw-Grey-2";
    private static final String NOT_A_SENDER = "temp.worker@exchange.test";
    private static final String NOT_A_SENDER_PASSWORD = "Directory-pw-Temp-3";
    private static final String OFFICER = "olga.privacy@exchange.test";
    private static final String OFFICER_PASSWORD = "Directory-pw-Olga-4";

    private Path temp;
    private TestSlapd directory;
    private ExternalSmtpServer outside;
    private SecureMessengerServer server;
    private Settings settings;
    private SSLContext portalTrust;

    @BeforeAll
    void start() throws Exception {
        temp = Files.createTempDirectory("secure-messenger-directory");
        TestCertificates.Authority ca = TestCertificates.authority("Hospital Test Root CA");
        directory = TestSlapd.start(temp.resolve("slapd"), TestCertificates.issuedBy(ca, "localhost"), ldif());
        int outsidePort = TestServers.freePort();
        KeyStore outsideKeys = TestCertificates.serverKeyStore("localhost");
        outside = new ExternalSmtpServer(outsidePort, TestCertificates.sslContext(outsideKeys));

        Path data = temp.resolve("data");
        DataDirectory.createPrivateDirectory(data);
        String keystorePassword = TlsKeystore.ensure(data);
        Certificate portalCertificate = TestCertificates.certificateOf(data.resolve("tls/keystore.p12"), keystorePassword, TlsKeystore.ALIAS);
        Path bindPassword = Files.writeString(temp.resolve("bind.password"), "gateway-secret\n");
        settings = TestServers.settings(temp, outsidePort)
            .trustedDomains(List.of("exchange.test"))
            .trustStore(Optional.of(TestCertificates.pem(temp.resolve("cas.pem"), ca.certificate, outsideKeys.getCertificate("server"),
                portalCertificate)))
            .ldap(Optional.of(LdapSettings.of(directory.url(), Optional.of(TestSlapd.READER), Optional.of(bindPassword),
                PEOPLE, "mail", "inetOrgPerson", Optional.of("cn=secure-senders,ou=groups," + TestSlapd.SUFFIX), Duration.ofSeconds(3))))
            .officersGroup(Optional.of("cn=compliance,ou=groups," + TestSlapd.SUFFIX))
            .build();
        server = SecureMessengerServer.prepare(settings).start();
        portalTrust = SSLContext.getDefault();
    }

    private static String ldif() {
        return String.join("\n",
            "dn: " + TestSlapd.SUFFIX, "objectClass: dcObject", "objectClass: organization", "o: Hospital", "dc: hospital", "",
            "dn: ou=people," + TestSlapd.SUFFIX, "objectClass: organizationalUnit", "ou: people", "",
            "dn: ou=groups," + TestSlapd.SUFFIX, "objectClass: organizationalUnit", "ou: groups", "",
            "dn: ou=services," + TestSlapd.SUFFIX, "objectClass: organizationalUnit", "ou: services", "",
            "dn: " + TestSlapd.READER, "objectClass: organizationalRole", "objectClass: simpleSecurityObject",
            "cn: gateway", "userPassword: gateway-secret", "",
            // The directory spells the address as the person typed it once; sign-in compares without case.
            "dn: uid=jdoe," + PEOPLE, "objectClass: inetOrgPerson", "uid: jdoe", "cn: Jane Doe", "sn: Doe", "mail: Jane.Doe@Exchange.Test",
            "userPassword: " + EXCHANGE_PASSWORD, "",
            "dn: uid=mgrey," + PEOPLE, "objectClass: inetOrgPerson", "uid: mgrey", "cn: Meredith Grey", "sn: Grey", "mail: " + LOCAL_SENDER,
            "userPassword: " + LOCAL_PASSWORD, "",
            "dn: uid=temp," + PEOPLE, "objectClass: inetOrgPerson", "uid: temp", "cn: Temp Worker", "sn: Worker", "mail: " + NOT_A_SENDER,
            "userPassword: " + NOT_A_SENDER_PASSWORD, "",
            "dn: uid=olga," + PEOPLE, "objectClass: inetOrgPerson", "uid: olga", "cn: Olga Privacy", "sn: Privacy", "mail: " + OFFICER,
            "userPassword: " + OFFICER_PASSWORD, "",
            "dn: cn=secure-senders,ou=groups," + TestSlapd.SUFFIX, "objectClass: groupOfNames", "cn: secure-senders",
            "member: uid=jdoe," + PEOPLE, "member: uid=mgrey," + PEOPLE, "member: uid=olga," + PEOPLE, "",
            "dn: cn=compliance,ou=groups," + TestSlapd.SUFFIX, "objectClass: groupOfNames", "cn: compliance",
            "member: uid=olga," + PEOPLE, "", "");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (outside != null) {
            outside.close();
        }
        if (directory != null) {
            directory.close();
        }
        org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
    }

    @Test
    @Order(1)
    void anExchangeSenderShouldSealThroughTheRelayThenSignInWithTheDirectoryPasswordAndSeeTheRecipientsStatus() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        String patient = "patient-" + marker + "@outside.test";
        TestServers.relay(settings.smtpPort(), "Jane.Doe@exchange.test", "PHI: Your results " + marker, "Biopsy benign " + marker, patient);
        await().atMost(PATIENCE).until(() -> outside.received().stream().anyMatch(r -> r.envelopeTo.equals(patient)));

        Browser jane = signIn("JANE.DOE@Exchange.test", EXCHANGE_PASSWORD);
        assertThat(jane.location()).contains("/sent");
        await().atMost(PATIENCE).untilAsserted(() -> {
            jane.get("/sent");
            assertThat(jane.text()).contains("Your results " + marker).contains(patient).contains("Notified");
        });
        assertThat(jane.text()).doesNotContain("Biopsy");
    }

    @Test
    @Order(2)
    void aLocalSenderInTheDirectoryShouldSignInToo() throws Exception {
        Browser grey = signIn(LOCAL_SENDER, LOCAL_PASSWORD);
        assertThat(grey.location()).contains("/sent");
    }

    @Test
    @Order(3)
    void aWrongPasswordAnUnknownAddressAndAUserOutsideTheSendersGroupShouldGetTheSameAnswer() throws Exception {
        List<String[]> tries = List.of(new String[] {EXCHANGE_SENDER, "not-her-password"}, new String[] {"nobody@exchange.test", EXCHANGE_PASSWORD},
            new String[] {NOT_A_SENDER, NOT_A_SENDER_PASSWORD});
        for (String[] attempt : tries) {
            Browser someone = signIn(attempt[0], attempt[1]);
            assertThat(someone.last.statusCode()).as(attempt[0]).isEqualTo(401);
            assertThat(someone.text()).as(attempt[0]).contains("The email address or password is not right");
            assertThat(someone.location()).isEmpty();
        }
    }

    @Test
    @Order(4)
    void repeatedWrongPasswordsForADirectoryUserShouldBeThrottled() throws Exception {
        Browser attacker = new Browser(portalTrust, settings.portalPort());
        attacker.get("/sign-in");
        for (int i = 0; i < 12; i++) {
            attacker.post("/sign-in", "email", LOCAL_SENDER, "password", "guess-" + i);
        }
        // Now even the right password from the attacker's source is refused, with the same answer.
        HttpResponse<byte[]> throttled = attacker.post("/sign-in", "email", LOCAL_SENDER, "password", LOCAL_PASSWORD);
        assertThat(throttled.statusCode()).isEqualTo(401);
        assertThat(attacker.text()).contains("The email address or password is not right");
    }

    @Test
    @Order(5)
    void withTheDirectoryDownSignInShouldSaySoAndMailShouldStillFlow() throws Exception {
        directory.pause();
        try {
            Browser jane = signIn(EXCHANGE_SENDER, EXCHANGE_PASSWORD);
            assertThat(jane.last.statusCode()).isEqualTo(503);
            assertThat(jane.text()).contains("directory cannot be reached");
            HttpResponse<byte[]> stranger = jane.post("/sign-in", "email", "nobody@exchange.test", "password", "x");
            assertThat(stranger.statusCode()).isEqualTo(503);

            String marker = "m-" + UUID.randomUUID();
            TestServers.relay(settings.smtpPort(), EXCHANGE_SENDER, "Lunch " + marker, "Noon? " + marker, "friend@outside.test");
            await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
            assertThat(outside.receivedWith(marker).get(0).raw).contains("Noon? " + marker);
        } finally {
            directory.resume();
        }
        // Back: sign-in works again without a restart.
        await().atMost(PATIENCE).untilAsserted(() -> {
            Browser jane = signIn(EXCHANGE_SENDER, EXCHANGE_PASSWORD);
            assertThat(jane.location()).contains("/sent");
        });
    }

    @Test
    @Order(6)
    void theServerShouldStartWhileTheDirectoryIsDownAndLetSendersInOnceItIsBack() throws Exception {
        server.stop();
        directory.pause();
        try {
            server = SecureMessengerServer.prepare(settings).start();

            String marker = "m-" + UUID.randomUUID();
            TestServers.relay(settings.smtpPort(), EXCHANGE_SENDER, "Rota " + marker, "Swap? " + marker, "friend@outside.test");
            await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
            assertThat(signIn(EXCHANGE_SENDER, EXCHANGE_PASSWORD).last.statusCode()).isEqualTo(503);
        } finally {
            directory.resume();
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            Browser jane = signIn(EXCHANGE_SENDER, EXCHANGE_PASSWORD);
            assertThat(jane.location()).contains("/sent");
        });
    }

    @Test
    @Order(2)
    void aMemberOfTheDirectorysOfficersGroupShouldBeAskedForASecondFactorAndOtherSendersNot() throws Exception {
        Browser olga = signIn("Olga.Privacy@Exchange.test", OFFICER_PASSWORD);
        assertThat(olga.last.statusCode()).isEqualTo(303);
        assertThat(olga.location()).hasValueSatisfying(l -> assertThat(l).endsWith("/officer/second-factor"));
        olga.get("/officer/second-factor");
        assertThat(olga.location()).as("enrolment first").hasValueSatisfying(l -> assertThat(l).endsWith("/officer/enrol"));

        Browser jane = signIn(EXCHANGE_SENDER, EXCHANGE_PASSWORD);
        assertThat(jane.location()).as("not in the group").hasValueSatisfying(l -> assertThat(l).endsWith("/sent"));
    }

    /** A new browser that opens the sign-in page and signs in; its last answer is the sign-in's. */
    private Browser signIn(String email, String password) throws Exception {
        Browser browser = new Browser(portalTrust, settings.portalPort());
        browser.get("/sign-in");
        browser.post("/sign-in", "email", email, "password", password);
        return browser;
    }
}
