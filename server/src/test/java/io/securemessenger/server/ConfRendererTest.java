package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.server.host.delivery.SMTPTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfRendererTest {
    @TempDir
    Path data;

    private Path render(Settings.Builder builder) throws IOException {
        return new ConfRenderer(builder.dataDir(data).confDir(Path.of("..", "james-conf")).build(), "s3cret-keystore-pw").render();
    }

    private static String read(Path conf, String file) throws IOException {
        return Files.readString(conf.resolve(file));
    }

    @Test
    void renderShouldSetListenersRelayNetworksAndKeystorePassword() throws IOException {
        Path conf = render(Settings.builder().smtpPort(3025).submissionPort(3587).imapPort(3143).webAdminPort(9000)
            .relayNetworks(List.of("10.1.0.0/16", "192.0.2.7")));

        String smtp = read(conf, "smtpserver.xml");
        assertThat(smtp).contains("<bind>0.0.0.0:3025</bind>").contains("<bind>0.0.0.0:3587</bind>")
            .contains("<authorizedAddresses>10.1.0.0/16, 192.0.2.7</authorizedAddresses>")
            .contains("<secret>s3cret-keystore-pw</secret>").doesNotContain("changeit");
        // Submission trusts no network whatever the relay networks are.
        assertThat(smtp).contains("<authorizedAddresses/>");
        assertThat(read(conf, "imapserver.xml")).contains("<bind>0.0.0.0:3143</bind>").contains("<secret>s3cret-keystore-pw</secret>");
        assertThat(read(conf, "webadmin.properties")).contains("port=9000").contains("host=127.0.0.1");
    }

    @Test
    void aDirectoryShouldBecomeJamesLdapUsersRepositoryWithThePasswordFromItsFile() throws IOException {
        Path password = Files.writeString(data.resolve("bind.pw"), "b1nd <&\"secret>\n");
        String users = read(render(Settings.builder().ldap(Optional.of(LdapSettings.of("ldaps://dc1.hospital.example",
            Optional.of("CN=svc-gateway,OU=Services,DC=hospital,DC=example"), Optional.of(password), "OU=Staff,DC=hospital,DC=example",
            "userPrincipalName", "user", Optional.of("CN=Secure Senders,OU=Groups,DC=hospital,DC=example"), java.time.Duration.ofSeconds(7))))),
            "usersrepository.xml");

        assertThat(users).contains("ldapHost=\"ldaps://dc1.hospital.example:636\"")
            .contains("principal=\"CN=svc-gateway,OU=Services,DC=hospital,DC=example\"")
            .contains("credentials=\"b1nd &lt;&amp;&quot;secret&gt;\"")
            .contains("userBase=\"OU=Staff,DC=hospital,DC=example\"").contains("userIdAttribute=\"userPrincipalName\"")
            .contains("userObjectClass=\"user\"").contains("connectionTimeout=\"7000\"").contains("readTimeout=\"7000\"")
            .contains("<enableVirtualHosting>true</enableVirtualHosting>")
            .contains("<restriction memberAttribute=\"member\"><group>CN=Secure Senders,OU=Groups,DC=hospital,DC=example</group></restriction>")
            .doesNotContain("<algorithm>");
        assertThat(read(render(Settings.builder()), "usersrepository.xml")).doesNotContain("ldapHost").contains("<algorithm>");
    }

    @Test
    void renderShouldPutJamesDerbyDatabaseUnderTheDataDirectory() throws IOException {
        String database = read(render(Settings.builder()), "james-database.properties");

        assertThat(database).contains("database.url=jdbc:derby:" + data.toAbsolutePath().resolve("var/store/james") + ";create=true");
    }

    @Test
    void renderShouldListLocalDomainsWithTheFirstAsDefault() throws IOException {
        String domains = read(render(Settings.builder().localDomains(List.of("hospital.example", "clinic.example"))), "domainlist.xml");

        assertThat(domains).contains("<domainname>hospital.example</domainname>").contains("<domainname>clinic.example</domainname>")
            .contains("<defaultDomain>hospital.example</defaultDomain>").doesNotContain("<domainname>localhost</domainname>");
    }

    @Test
    void renderShouldWriteTrustedAndDepartmentDomainsIntoTheRoutingPolicy() throws IOException {
        String mailets = read(render(Settings.builder().trustedDomains(List.of("exchange.example", "*.corp.example"))
            .departmentDomains(List.of("radiology.example"))), "mailetcontainer.xml");

        assertThat(mailets).contains("io.securemessenger.matchers.ExternalRecipientMatcher=trusted=exchange.example, *.corp.example; "
            + "departments=radiology.example");
    }

    @Test
    void renderShouldSendMailPastTheRelayLimitToTheLoopProcessorWithTheLimitSet() throws IOException {
        String defaults = read(render(Settings.builder()), "mailetcontainer.xml");
        String raised = read(render(Settings.builder().relayLimit(250)), "mailetcontainer.xml");

        assertThat(defaults).contains("match=\"RelayLimit=100\"").contains("<processor>relay-loop</processor>")
            .contains("state=\"relay-loop\"");
        assertThat(raised).contains("match=\"RelayLimit=250\"").doesNotContain("RelayLimit=100");
    }

    @Test
    void renderShouldSetTheSmtpLimitsOnBothListeners() throws IOException {
        String smtp = read(render(Settings.builder().smtpConnections(200, 20).smtpTimeout(java.time.Duration.ofSeconds(90))
            .maxMessageSize(10L * 1024 * 1024)), "smtpserver.xml");

        assertThat(smtp.split("<connectionLimit>200</connectionLimit>", -1)).hasSize(3);
        assertThat(smtp.split("<connectionLimitPerIP>20</connectionLimitPerIP>", -1)).hasSize(3);
        assertThat(smtp.split("<connectiontimeout>90</connectiontimeout>", -1)).hasSize(3);
        assertThat(smtp.split("<maxmessagesize>10240</maxmessagesize>", -1)).hasSize(3);
    }

    private Path copyOfJamesConf() throws IOException {
        Path conf = Files.createTempDirectory(data, "conf");
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("..", "james-conf"))) {
            for (Path f : files.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toList())) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        return conf;
    }

    /** A copy of james-conf/ with one replacement in one file; rendering it must fail with {@code message}. */
    private void assertRefused(String file, String from, String to, String message) throws IOException {
        Path conf = copyOfJamesConf();
        Path edited = conf.resolve(file);
        String before = Files.readString(edited);
        assertThat(before).contains(from);
        Files.writeString(edited, before.replace(from, to));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfRenderer(Settings.builder().dataDir(data).confDir(conf).build(), "s3cret-keystore-pw").render()).isInstanceOf(IOException.class)
            .hasMessage(message);
    }

    @Test
    void everyRemoteDeliveryShouldReportFailedAttemptsNamingItsQueue() throws IOException {
        String mailets = read(render(Settings.builder()), "mailetcontainer.xml");

        for (String queue : List.of("outgoing-tls", "outgoing-tls-retry", "outgoing-notifications", "outgoing-internal")) {
            assertThat(mailets).contains("<" + SMTPTransport.QUEUE_PROPERTY + ">" + queue + "<");
        }
        int remoteDeliveries = mailets.split("class=\"RemoteDelivery\"", -1).length - 1
            + mailets.split("class=\"io.securemessenger.mailets.AtOnceRemoteDelivery\"", -1).length - 1;
        assertThat(remoteDeliveries).as("outbound, outbound-failed, notification-delivery, internal-relay").isEqualTo(4);
        assertThat(mailets.split("<mail.smtp.class>" + SMTPTransport.class.getName() + "</mail.smtp.class>", -1))
            .hasSize(remoteDeliveries + 1);
    }

    @Test
    void aValueJamesWouldIgnoreOrChokeOnShouldStopTheStartNamingFileElementAndValue() throws IOException {
        assertRefused("imapserver.xml", "<connectionLimit>0</connectionLimit>", "<connectionLimit>many</connectionLimit>",
            "imapserver.xml: <connectionLimit> is 'many', not a whole number");
        assertRefused("mailetcontainer.xml", "<delayTime>1 * 5 seconds</delayTime>", "<delayTime>soonish</delayTime>",
            "mailetcontainer.xml: <delayTime> has 'soonish', not a delay such as '5 * 1 minute' or '6 hours'");
        assertRefused("mailetcontainer.xml", "<threads>8</threads>", "<threads>eight</threads>",
            "mailetcontainer.xml: <threads> is 'eight', not a whole number");
        assertRefused("mailetcontainer.xml", "<startTLS>true</startTLS>", "<startTLS>sure</startTLS>",
            "mailetcontainer.xml: <startTLS> is 'sure', not true or false");
    }

    @Test
    void aFileThatIsNotWellFormedXmlShouldStopTheStartNamingItsLine() throws IOException {
        Path conf = copyOfJamesConf();
        Files.writeString(conf.resolve("dnsservice.xml"), "<dnsservice>\n  <autodetect>true</autodetect>\n</dnsservic>\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfRenderer(Settings.builder().dataDir(data).confDir(conf).build(), "s3cret-keystore-pw").render()).isInstanceOf(IOException.class)
            .hasMessageStartingWith("dnsservice.xml: not well-formed XML at line 3");
    }

    @Test
    void renderShouldRouteThroughSmarthostsOnlyWhenSet() throws IOException {
        String with = read(render(Settings.builder().outboundSmarthost(Optional.of(HostPort.parse("relay.example:2525")))
            .internalSmarthost(Optional.of(HostPort.parse("exchange-hub.example:25")))), "mailetcontainer.xml");
        assertThat(with).contains("<gateway>relay.example</gateway>").contains("<gatewayPort>2525</gatewayPort>")
            .contains("<gateway>exchange-hub.example</gateway>").contains("<gatewayPort>25</gatewayPort>")
            .contains("match=\"io.securemessenger.mailets.RemoteLacksStartTls=gateway=relay.example:2525\"");
        // The first attempt, its retry and the notifications all leave through the outbound smarthost.
        assertThat(with.split("<gateway>relay.example</gateway>", -1)).hasSize(4);

        String without = read(render(Settings.builder()), "mailetcontainer.xml");
        assertThat(without).doesNotContain("<gateway>").contains("match=\"io.securemessenger.mailets.RemoteLacksStartTls\"");
    }

    @Test
    void renderShouldSetPostmasterAndNotifier() throws IOException {
        String mailets = read(render(Settings.builder().postmaster(Optional.of("postmaster@hospital.example"))
            .notifierAddress(Optional.of("secure-notify@hospital.example")).organisation("Example Health")), "mailetcontainer.xml");

        assertThat(mailets).contains("<postmaster>postmaster@hospital.example</postmaster>")
            .contains("<from>secure-notify@hospital.example</from>").contains("<organisation>Example Health</organisation>");
    }

    @Test
    void renderShouldSetTheSiemReceiverAndTheOfficersGroup() throws IOException {
        String properties = read(render(Settings.builder().auditSyslog(Optional.of(HostPort.parse("siem.hospital.example:6514")))),
            "secure-messenger.properties");
        assertThat(properties).contains("audit.syslog=siem.hospital.example:6514").contains("officers.group=\n");
    }

    @Test
    void renderShouldSetWhatHappensToAutomaticForwards() throws IOException {
        assertThat(read(render(Settings.builder()), "mailetcontainer.xml")).contains("<action>refuse</action>");
        String sealed = read(render(Settings.builder().autoForward("Seal").organisation("Example Health")), "mailetcontainer.xml");
        assertThat(sealed).contains("<action>seal</action>").doesNotContain("<action>refuse</action>")
            .contains("<organisation>Example Health</organisation>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.builder().autoForward("delete").build())
            .hasMessageContaining("'delete' must be refuse or seal");
    }

    @Test
    void renderShouldCopyEveryOtherFileUnchanged() throws IOException {
        Path conf = render(Settings.builder());

        assertThat(read(conf, "dlp-policies.xml")).isEqualTo(Files.readString(Path.of("..", "james-conf", "dlp-policies.xml")));
        assertThat(read(conf, "notification-templates/recipient-notification.html.mustache"))
            .isEqualTo(Files.readString(Path.of("..", "james-conf", "notification-templates", "recipient-notification.html.mustache")));
    }

    @Test
    void renderShouldExplainAMissingConfigurationDirectory() {
        Settings settings = Settings.builder().dataDir(data).confDir(data.resolve("nowhere")).build();

        assertThatThrownBy(() -> new ConfRenderer(settings, "x").render())
            .isInstanceOf(IOException.class).hasMessageContaining("nowhere").hasMessageContaining("SM_CONF_DIR");
    }
}
