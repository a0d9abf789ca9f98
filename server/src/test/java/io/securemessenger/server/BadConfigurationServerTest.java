package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration value the server cannot use stops the start; the one line says which and why. */
class BadConfigurationServerTest {
    @TempDir
    Path temp;

    @Test
    void anUnusableValueInSecureMessengerPropertiesShouldStopTheStartNamingIt() throws Exception {
        Settings settings = TestServers.settings(temp, TestServers.freePort()).build();
        SecureMessengerServer server = SecureMessengerServer.prepare(settings);
        Path properties = settings.dataDir().resolve("conf/secure-messenger.properties");
        Files.writeString(properties, Files.readString(properties).replace("storage.minimum.free=512M", "storage.minimum.free=plenty"));

        assertThat(TestServers.refusalToStart(server))
            .isEqualTo("secure-messenger.properties: storage.minimum.free=plenty is not a size such as 512M or 2G");
    }
}
