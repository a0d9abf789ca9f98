package io.securemessenger.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securemessenger.mailets.SecurePathSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureMessengerConfigTest {
    @TempDir
    Path dir;

    private static BaseConfiguration properties(String... keyValues) {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("portal.url", "https://secure.hospital.example/");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void theSecurePathShouldGetTheLinksRetentionAndNotifierOfTheProperties() throws Exception {
        SecurePathSettings settings = SecureMessengerConfig.from(properties("retention.period", "10 days", "retention.warning", "2 days",
            "notifier.address", "secure-messenger@hospital.example"), dir).securePath();

        assertThat(settings.messageLink("abc")).isEqualTo("https://secure.hospital.example/m/abc");
        assertThat(settings.sentItemsLink()).isEqualTo("https://secure.hospital.example/sent");
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(10));
        assertThat(settings.expiryWarning()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.notifierAddress()).contains("secure-messenger@hospital.example");
    }

    @Test
    void storageLimitsShouldBeTheDataDirectoryAndTheMinimumFreeSpace() throws Exception {
        SecureMessengerConfig config = SecureMessengerConfig.from(properties("storage.minimum.free", "2G"), dir);

        assertThat(config.storageLimits().dataDirectory()).isEqualTo(dir);
        assertThat(config.storageLimits().minimumFreeBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    }

    @Test
    void badRetentionSettingsShouldStopStartUpWithTheKeyNamed() {
        for (List<String> bad : List.of(List.of("retention.period", "soon"), List.of("retention.period", "30 seconds"),
            List.of("retention.warning", "31 days"), List.of("retention.sweep", "0"))) {
            assertThatThrownBy(() -> SecureMessengerConfig.from(properties(bad.get(0), bad.get(1)), dir)).as(bad.toString())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.get(0));
        }
    }

    @Test
    void aPortalUrlThatIsNotHttpsShouldStopStartUp() {
        assertThatThrownBy(() -> SecureMessengerConfig.from(properties("portal.url", "http://secure.hospital.example"), dir))
            .hasMessageContaining("portal.url").hasMessageContaining("https://");
    }

    @Test
    void theOfficersGroupShouldBeReadWholeThoughItsCommasSplitTheProperty() throws Exception {
        org.apache.commons.configuration2.PropertiesConfiguration split = new org.apache.commons.configuration2.PropertiesConfiguration();
        split.setListDelimiterHandler(new org.apache.commons.configuration2.convert.DefaultListDelimiterHandler(','));
        split.addProperty("portal.url", "https://secure.hospital.example/");
        split.addProperty("officers.group", "cn=compliance,ou=groups,dc=hospital,dc=example");

        assertThat(SecureMessengerConfig.from(split, dir).officersGroup()).contains("cn=compliance,ou=groups,dc=hospital,dc=example");
        assertThat(SecureMessengerConfig.from(properties(), dir).officersGroup()).isEmpty();
    }

    @Test
    void theSiemReceiverShouldBeHostAndPort() throws Exception {
        assertThat(SecureMessengerConfig.from(properties("audit.syslog", "siem.hospital.example:6514"), dir).auditSyslog())
            .contains("siem.hospital.example:6514");
        assertThat(SecureMessengerConfig.from(properties(), dir).auditSyslog()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecureMessengerConfig.from(properties("audit.syslog", "siem"), dir))
            .hasMessageContaining("audit.syslog=siem is not host:port");
    }
}
