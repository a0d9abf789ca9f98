package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A server whose master key cannot be opened does not start, and says why in one line. */
class MasterKeyServerTest {
    @Test
    void aWrongMasterKeyPasswordShouldStopTheServerFromStartingWithAClearMessage() throws Exception {
        Path temp = Files.createTempDirectory("secure-messenger-wrong-key");
        try {
            Settings settings = TestServers.settings(temp, TestServers.freePort()).build();
            SecureMessengerServer.prepare(settings).start().stop();
            Files.writeString(settings.dataDir().resolve("vault/master-keys.password"), "not the password at all, sorry");

            SecureMessengerServer again = SecureMessengerServer.prepare(settings);
            assertThatThrownBy(again::start)
                .satisfies(e -> assertThat(RunCommand.rootMessage(e))
                    .contains("master-keys.p12 cannot be opened: wrong password or damaged file"));
            again.stop();
        } finally {
            org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
        }
    }

}
