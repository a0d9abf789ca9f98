package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server whose master key cannot be opened does not start, and says why in one line. */
class MasterKeyServerTest {
    @TempDir
    Path temp;

    @Test
    void aWrongMasterKeyPasswordShouldStopTheServerFromStartingWithAClearMessage() throws Exception {
        Settings settings = TestServers.settings(temp, TestServers.freePort()).build();
        SecureMessengerServer.prepare(settings).start().stop();
        Files.writeString(settings.dataDir().resolve("vault/master-keys.password"), "not the password at all, sorry");

        assertThat(TestServers.refusalToStart(SecureMessengerServer.prepare(settings)))
            .contains("master-keys.p12 cannot be opened: wrong password or damaged file");
    }
}
