package io.securemessenger.mailets;

import io.securemessenger.mailets.notification.Branding;
import io.securemessenger.mailets.notification.NotificationTemplates;
import io.securemessenger.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import javax.mail.internet.AddressException;
import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.mailet.base.test.FakeMailContext;

/** The hospital the mailet tests run in: its settings, its vault, the shipped templates, a mailet context. */
public final class TestFixtures {
    public static final String NOTIFIER = "secure-messenger@hospital.example";
    public static final URI PORTAL = URI.create("https://secure.hospital.example");

    private TestFixtures() {
    }

    /** The portal at https://secure.hospital.example/, the notifier address, 30 days' retention and a warning 3 days before. */
    public static SecurePathSettings settings() {
        return settings(Duration.ofDays(30), Duration.ofDays(3));
    }

    public static SecurePathSettings settings(Duration retention, Duration expiryWarning) {
        return SecurePathSettings.of(PORTAL, retention, expiryWarning, Optional.of(NOTIFIER));
    }

    /** An embedded vault under {@code dir}/vault. */
    public static Vault.Config vault(Path dir) {
        return Vault.Config.embedded(dir.resolve("vault"));
    }

    /** The templates shipped in james-conf/, branded "Example Health". */
    public static NotificationTemplates templates() throws IOException {
        return NotificationTemplates.load(Path.of("..", "james-conf", "notification-templates"),
            Branding.of("Example Health", "#0b5394", NOTIFIER, PORTAL.getHost()));
    }

    /** James' file system with its home in {@code dir}, whose conf/ holds the shipped dlp-policies.xml. */
    public static FileSystem fileSystem(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.copy(Path.of("..", "james-conf", "dlp-policies.xml"), dir.resolve("conf/dlp-policies.xml"), StandardCopyOption.REPLACE_EXISTING);
        return new FileSystemImpl(new JamesServerResourceLoader(dir.toString()));
    }

    /** A mailet context whose postmaster is postmaster@hospital.example; it records the mail sent. */
    public static FakeMailContext context() throws AddressException {
        return FakeMailContext.builder().postmaster(new MailAddress("postmaster@hospital.example")).build();
    }
}
