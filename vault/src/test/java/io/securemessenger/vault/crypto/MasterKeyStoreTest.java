package io.securemessenger.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyStoreTest {
    private static final char[] PASSWORD = "a long master key store password".toCharArray();
    @TempDir
    Path dir;

    @Test
    void openOrCreateShouldCreateAnOwnerOnlyStoreWithOneKey() throws Exception {
        Path file = dir.resolve("master-keys.p12");

        MasterKeyStore store = MasterKeyStore.openOrCreate(file, PASSWORD);

        assertThat(store.ids()).containsExactly("mk-0001");
        assertThat(store.primaryId()).isEqualTo("mk-0001");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.toFile().list()).containsExactly("master-keys.p12");
    }

    @Test
    void keysShouldSurviveReopeningAndOpenWhatTheyWrapped() throws Exception {
        Path file = dir.resolve("master-keys.p12");
        MessageKey key = MessageKey.generate("msg-1");
        byte[] wrapped = key.wrap(MasterKeyStore.openOrCreate(file, PASSWORD).keyRing());
        byte[] body = key.encrypt("body", "hello".getBytes(StandardCharsets.UTF_8));

        KeyRing reopened = MasterKeyStore.open(file, PASSWORD).keyRing();

        assertThat(MessageKey.unwrap(reopened, "msg-1", wrapped).decrypt("body", body)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rotateShouldAddAPrimaryKeyAndKeepTheOldOnesUntilRetired() throws Exception {
        Path file = dir.resolve("master-keys.p12");
        MasterKeyStore store = MasterKeyStore.openOrCreate(file, PASSWORD);
        MessageKey key = MessageKey.generate("msg-1");
        byte[] underFirst = key.wrap(store.keyRing());

        assertThat(store.rotate()).isEqualTo("mk-0002");
        KeyRing rotated = MasterKeyStore.open(file, PASSWORD).keyRing();
        assertThat(rotated.primaryId()).isEqualTo("mk-0002");
        byte[] underSecond = MessageKey.unwrap(rotated, "msg-1", underFirst).wrap(rotated);
        assertThat(MessageKey.masterKeyIdOf(underSecond)).isEqualTo("mk-0002");

        assertThatThrownBy(() -> store.retire("mk-0002")).hasMessageContaining("primary");
        store.retire("mk-0001");
        KeyRing retired = MasterKeyStore.open(file, PASSWORD).keyRing();
        assertThat(retired.ids()).containsExactly("mk-0002");
        assertThat(MessageKey.unwrap(retired, "msg-1", underSecond).messageId()).isEqualTo("msg-1");
        assertThatThrownBy(() -> MessageKey.unwrap(retired, "msg-1", underFirst)).hasMessageContaining("mk-0001");
    }

    @Test
    void aWrongPasswordOrDamagedFileShouldBeAClearError() throws Exception {
        Path file = dir.resolve("master-keys.p12");
        MasterKeyStore.openOrCreate(file, PASSWORD);

        assertThatThrownBy(() -> MasterKeyStore.open(file, "not the right password".toCharArray()))
            .isInstanceOf(CryptoException.class).hasMessageContaining("wrong password or damaged file");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> MasterKeyStore.open(file, PASSWORD)).hasMessageContaining("wrong password or damaged file");
    }

    @Test
    void theKeyRingShouldBeBuiltOnceAndFollowARotationByAnotherProcess() throws Exception {
        Path file = dir.resolve("master-keys.p12");
        MasterKeyStore server = MasterKeyStore.openOrCreate(file, PASSWORD);
        KeyRing first = server.keyRing();
        assertThat(server.keyRing()).isSameAs(first);

        // What `keys rotate` does from the command line, on the same file.
        MasterKeyStore.open(file, PASSWORD).rotate();

        KeyRing after = server.keyRing();
        assertThat(after.primaryId()).isEqualTo("mk-0002");
        assertThat(after.ids()).containsExactly("mk-0001", "mk-0002");
    }

    @Test
    void aShortPasswordShouldBeRefused() {
        assertThatThrownBy(() -> MasterKeyStore.openOrCreate(dir.resolve("k.p12"), "short".toCharArray()))
            .isInstanceOf(CryptoException.class).hasMessageContaining("at least 16 characters");
    }
}
