package io.securemessenger.mailets;

import io.securemessenger.mailets.guice.SecureMessengerConfig;
import io.securemessenger.mailets.notification.Branding;
import io.securemessenger.mailets.notification.NotificationTemplates;
import java.io.IOException;
import java.nio.file.Path;
import javax.mail.internet.AddressException;
import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMailContext;

/** The hospital the mailet tests run in: its configuration, the shipped templates, a mailet context. */
public final class TestFixtures {
    public static final String NOTIFIER = "secure-messenger@hospital.example";

    private TestFixtures() {
    }

    /**
     * secure-messenger.properties with the portal at https://secure.hospital.example/, the vault
     * under {@code dir}/vault and the notifier address, plus {@code keyValues} (key, value, ...).
     */
    public static SecureMessengerConfig config(Path dir, String... keyValues) throws IOException {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("portal.url", "https://secure.hospital.example/");
        properties.addProperty("vault.directory", "vault");
        properties.addProperty("notifier.address", NOTIFIER);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return SecureMessengerConfig.from(properties, dir);
    }

    /** The templates shipped in james-conf/, branded "Example Health". */
    public static NotificationTemplates templates(SecureMessengerConfig config) throws IOException {
        return NotificationTemplates.load(Path.of("..", "james-conf", "notification-templates"),
            Branding.of("Example Health", "#0b5394", NOTIFIER, config.portalAddress()));
    }

    /** A mailet context whose postmaster is postmaster@hospital.example; it records the mail sent. */
    public static FakeMailContext context() throws AddressException {
        return FakeMailContext.builder().postmaster(new MailAddress("postmaster@hospital.example")).build();
    }
}
