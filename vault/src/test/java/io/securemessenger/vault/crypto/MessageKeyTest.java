package io.securemessenger.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class MessageKeyTest {
    private static final byte[] BODY = "Your biopsy results are ready.".getBytes(StandardCharsets.UTF_8);

    static SecretKey aes256() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return generator.generateKey();
    }

    static KeyRing ring(String... ids) throws Exception {
        KeyRing.Builder builder = KeyRing.builder();
        for (String id : ids) {
            builder.add(id, aes256());
        }
        return builder.primary(ids[ids.length - 1]).build();
    }

    @Test
    void partsShouldOpenWithTheUnwrappedKeyOfTheSameMessage() throws Exception {
        KeyRing ring = ring("mk-0001");
        MessageKey key = MessageKey.generate("msg-1");
        byte[] sealed = key.encrypt("body", BODY);

        MessageKey reopened = MessageKey.unwrap(ring, "msg-1", key.wrap(ring));

        assertThat(reopened.decrypt("body", sealed)).isEqualTo(BODY);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("biopsy");
    }

    @Test
    void equalPlaintextsShouldSealDifferently() throws Exception {
        MessageKey key = MessageKey.generate("msg-1");

        assertThat(key.encrypt("body", BODY)).isNotEqualTo(key.encrypt("body", BODY));
        assertThat(MessageKey.generate("msg-2").encrypt("body", BODY)).isNotEqualTo(key.encrypt("body", BODY));
    }

    @Test
    void tamperedCiphertextShouldNotOpen() throws Exception {
        MessageKey key = MessageKey.generate("msg-1");
        byte[] sealed = key.encrypt("body", BODY);
        for (int position : new int[] {1, 13, sealed.length / 2, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> key.decrypt("body", tampered)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("msg-1").hasMessageNotContaining("biopsy");
        }
    }

    @Test
    void aPartShouldNotOpenAsAnotherPart() throws Exception {
        MessageKey key = MessageKey.generate("msg-1");
        byte[] body = key.encrypt("body", BODY);

        assertThatThrownBy(() -> key.decrypt("attachment-1", body)).isInstanceOf(CryptoException.class);
    }

    @Test
    void ciphertextsSwappedBetweenMessagesShouldNotOpen() throws Exception {
        KeyRing ring = ring("mk-0001");
        MessageKey first = MessageKey.generate("msg-1");
        MessageKey second = MessageKey.generate("msg-2");
        byte[] firstWrapped = first.wrap(ring);
        byte[] firstBody = first.encrypt("body", BODY);

        // Moving both the wrapped key and the body to another message's row:
        assertThatThrownBy(() -> MessageKey.unwrap(ring, "msg-2", firstWrapped)).isInstanceOf(CryptoException.class);
        // Moving only the body:
        assertThatThrownBy(() -> second.decrypt("body", firstBody)).isInstanceOf(CryptoException.class);
    }

    @Test
    void aKeyWrappedUnderAnUnknownMasterKeyShouldNameIt() throws Exception {
        byte[] wrapped = MessageKey.generate("msg-1").wrap(ring("mk-0009"));

        assertThat(MessageKey.masterKeyIdOf(wrapped)).isEqualTo("mk-0009");
        assertThatThrownBy(() -> MessageKey.unwrap(ring("mk-0001"), "msg-1", wrapped))
            .isInstanceOf(CryptoException.class).hasMessageContaining("mk-0009");
    }

    @Test
    void aWrappedKeyShouldNotOpenUnderAnotherKeyWithTheSameId() throws Exception {
        byte[] wrapped = MessageKey.generate("msg-1").wrap(ring("mk-0001"));

        assertThatThrownBy(() -> MessageKey.unwrap(ring("mk-0001"), "msg-1", wrapped)).isInstanceOf(CryptoException.class);
    }

    @Test
    void rotatedRingsShouldStillOpenOldMessagesAndWrapNewOnesUnderThePrimary() throws Exception {
        SecretKey old = aes256();
        KeyRing before = KeyRing.builder().add("mk-0001", old).primary("mk-0001").build();
        MessageKey key = MessageKey.generate("msg-1");
        byte[] wrappedBefore = key.wrap(before);
        byte[] body = key.encrypt("body", BODY);

        KeyRing after = KeyRing.builder().add("mk-0001", old).add("mk-0002", aes256()).primary("mk-0002").build();
        MessageKey reopened = MessageKey.unwrap(after, "msg-1", wrappedBefore);
        byte[] rewrapped = reopened.wrap(after);

        assertThat(MessageKey.masterKeyIdOf(rewrapped)).isEqualTo("mk-0002");
        assertThat(MessageKey.unwrap(after, "msg-1", rewrapped).decrypt("body", body)).isEqualTo(BODY);
    }

    @Test
    void malformedInputShouldBeAClearError() throws Exception {
        KeyRing ring = ring("mk-0001");
        MessageKey key = MessageKey.generate("msg-1");

        assertThatThrownBy(() -> MessageKey.unwrap(ring, "msg-1", new byte[] {1, 7, 'm'})).isInstanceOf(CryptoException.class)
            .hasMessageContaining("truncated");
        assertThatThrownBy(() -> MessageKey.unwrap(ring, "msg-1", new byte[] {9})).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> key.decrypt("body", new byte[3])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> MessageKey.generate("bad\u0000id")).isInstanceOf(IllegalArgumentException.class);
    }
}
