package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsShouldBeUnprivilegedAndLoopbackRelayOnly() {
        Settings settings = Settings.builder().build();

        assertThat(List.of(settings.smtpPort(), settings.submissionPort(), settings.imapPort(), settings.webAdminPort()))
            .allSatisfy(port -> assertThat(port).isGreaterThan(1024));
        assertThat(settings.relayNetworks()).containsExactly("127.0.0.0/8", "::1");
        assertThat(settings.outboundSmarthost()).isEmpty();
    }

    @Test
    void theNotifierShouldHaveItsOwnAddressOnTheFirstLocalDomainUnlessGiven() {
        assertThat(Settings.builder().localDomains(java.util.List.of("hospital.example", "clinic.example")).build().notifierAddress())
            .contains("secure-messenger@hospital.example");
        assertThat(Settings.builder().notifierAddress(java.util.Optional.of("notices@hospital.example")).build().notifierAddress())
            .contains("notices@hospital.example");
    }

    @Test
    void aDirectoryShouldBeLdapsWithABaseAndItsPasswordWhenItBinds() {
        java.time.Duration ten = java.time.Duration.ofSeconds(10);
        java.util.Optional<java.nio.file.Path> none = java.util.Optional.empty();
        assertThatThrownBy(() -> LdapSettings.of("http://dc1.example", java.util.Optional.empty(), none, "dc=example", "mail", "inetOrgPerson",
            java.util.Optional.empty(), ten)).hasMessageContaining("must be ldaps://host[:port] or ldap://host[:port] (StartTLS)");
        assertThat(LdapSettings.of("ldap://dc1.example", java.util.Optional.empty(), none, "dc=example", "mail", "inetOrgPerson",
            java.util.Optional.empty(), ten).url()).hasToString("ldap://dc1.example:389");
        assertThatThrownBy(() -> LdapSettings.of("ldaps://dc1.example", java.util.Optional.empty(), none, "", "mail", "inetOrgPerson",
            java.util.Optional.empty(), ten)).hasMessageContaining("--ldap-users-base");
        assertThatThrownBy(() -> LdapSettings.of("ldaps://dc1.example", java.util.Optional.of("cn=svc"), none, "dc=example", "mail", "inetOrgPerson",
            java.util.Optional.empty(), ten)).hasMessageContaining("--ldap-bind-password-file");
        assertThatThrownBy(() -> LdapSettings.of("ldaps://dc1.example", java.util.Optional.empty(), none, "dc=example", "mail)(x", "inetOrgPerson",
            java.util.Optional.empty(), ten)).hasMessageContaining("'mail)(x'");
        assertThat(LdapSettings.of("ldaps://dc1.example:3269", java.util.Optional.empty(), none, "dc=example", "mail", "inetOrgPerson",
            java.util.Optional.of(" "), ten).url()).hasToString("ldaps://dc1.example:3269");
    }

    @Test
    void officersShouldBeMailAddressesAndNobodyByDefault() {
        assertThat(Settings.builder().build().officers()).isEmpty();
        assertThat(Settings.builder().officers(List.of("privacy.officer@hospital.example")).build().officers())
            .containsExactly("privacy.officer@hospital.example");
        assertThatThrownBy(() -> Settings.builder().officers(List.of("privacy officer")).build()).hasMessageContaining("'privacy officer'");
        assertThatThrownBy(() -> Settings.builder().officersGroup(java.util.Optional.of("cn=compliance,dc=hospital")).build())
            .hasMessageContaining("--ldap-officer-group needs the users in an LDAP directory");
    }

    @Test
    void buildShouldRefuseOutOfRangeAndCollidingPorts() {
        assertThatThrownBy(() -> Settings.builder().smtpPort(70000).build()).hasMessageContaining("SMTP port 70000");
        assertThatThrownBy(() -> Settings.builder().imapPort(2525).build()).hasMessageContaining("must differ");
    }

    @Test
    void buildShouldRefuseMalformedDomainsAndNetworks() {
        assertThatThrownBy(() -> Settings.builder().localDomains(List.of()).build()).hasMessageContaining("at least one local domain");
        assertThatThrownBy(() -> Settings.builder().localDomains(List.of("*.example.org")).build()).hasMessageContaining("local domain");
        assertThatThrownBy(() -> Settings.builder().trustedDomains(List.of("ex*.org")).build()).hasMessageContaining("'ex*.org'");
        assertThatThrownBy(() -> Settings.builder().relayNetworks(List.of("10.0.0.0/8; rm")).build()).hasMessageContaining("relay network");
        assertThat(Settings.builder().trustedDomains(List.of("*.corp.example")).build().trustedDomains()).containsExactly("*.corp.example");
    }

    @Test
    void theRelayLimitShouldDefaultToOneHundredAndRefuseWhatRfc5321AdvisesAgainst() {
        assertThat(Settings.builder().build().relayLimit()).isEqualTo(100);
        assertThatThrownBy(() -> Settings.builder().relayLimit(10).build()).hasMessageContaining("relay limit 10");
        assertThatThrownBy(() -> Settings.builder().relayLimit(5000).build()).hasMessageContaining("relay limit 5000");
    }

    @Test
    void smtpLimitsShouldHaveGatewayDefaultsAndRefuseNonsense() {
        Settings defaults = Settings.builder().build();
        assertThat(defaults.smtpMaxConnections()).isEqualTo(500);
        assertThat(defaults.smtpMaxConnectionsPerAddress()).isEqualTo(50);
        assertThat(defaults.smtpTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> Settings.builder().smtpConnections(10, 20).build()).hasMessageContaining("SMTP connection limits 10");
        assertThatThrownBy(() -> Settings.builder().smtpConnections(0, 0).build()).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Settings.builder().smtpTimeout(java.time.Duration.ofSeconds(1)).build()).hasMessageContaining("SMTP timeout");
    }

    @Test
    void hostPortShouldParseNamesAndIpv6AndRefuseNonsense() {
        assertThat(HostPort.parse("relay.example:2525").host()).isEqualTo("relay.example");
        assertThat(HostPort.parse("[2001:db8::1]:25").host()).isEqualTo("2001:db8::1");
        assertThat(HostPort.parse("[2001:db8::1]:25")).hasToString("[2001:db8::1]:25");
        assertThatThrownBy(() -> HostPort.parse("relay.example")).hasMessageContaining("not host:port");
        assertThatThrownBy(() -> HostPort.parse("relay.example:smtp")).hasMessageContaining("no numeric port");
        assertThatThrownBy(() -> HostPort.parse("relay.example:0")).hasMessageContaining("between 1 and 65535");
    }
}
