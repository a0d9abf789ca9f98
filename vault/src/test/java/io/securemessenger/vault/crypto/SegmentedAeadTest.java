package io.securemessenger.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentedAeadTest {
    private static final int S = SegmentedAead.SEGMENT;
    private static final int SEALED_SEGMENT = S + SegmentedAead.TAG;

    private final MessageKey key;

    SegmentedAeadTest() throws Exception {
        key = MessageKey.generate("msg-1");
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private byte[] seal(String part, byte[] plaintext) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = key.encryptingStream(part, out)) {
            // Uneven writes, to cross segment boundaries in every way.
            int position = 0;
            int step = 1;
            while (position < plaintext.length) {
                int n = Math.min(step, plaintext.length - position);
                encrypting.write(plaintext, position, n);
                position += n;
                step = step * 3 % 100_003 + 1;
            }
        }
        return out.toByteArray();
    }

    private byte[] open(String part, byte[] sealed) throws Exception {
        try (InputStream in = key.decryptingStream(part, new ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, S - 1, S, S + 1, 3 * S + 5})
    void streamsShouldRoundTripAtEverySegmentBoundary(int size) throws Exception {
        byte[] plaintext = data(size);

        byte[] sealed = seal("attachment-1", plaintext);

        assertThat(open("attachment-1", sealed)).isEqualTo(plaintext);
        int segments = Math.max(1, (size + S - 1) / S);
        assertThat(sealed.length).isEqualTo(SegmentedAead.HEADER + size + segments * SegmentedAead.TAG);
    }

    @Test
    void aTruncatedStreamShouldNotOpen() throws Exception {
        byte[] sealed = seal("a", data(2 * S + 10));

        assertOpenFails("a", Arrays.copyOf(sealed, sealed.length - 1));
        // Cut exactly after the first segment: it was sealed as "not last".
        assertOpenFails("a", Arrays.copyOf(sealed, SegmentedAead.HEADER + SEALED_SEGMENT));
        assertOpenFails("a", Arrays.copyOf(sealed, 3));
    }

    @Test
    void reorderedOrDuplicatedSegmentsShouldNotOpen() throws Exception {
        byte[] sealed = seal("a", data(3 * S));
        int h = SegmentedAead.HEADER;
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, h + SEALED_SEGMENT, swapped, h, SEALED_SEGMENT);
        System.arraycopy(sealed, h, swapped, h + SEALED_SEGMENT, SEALED_SEGMENT);
        assertOpenFails("a", swapped);

        byte[] duplicated = sealed.clone();
        System.arraycopy(sealed, h, duplicated, h + SEALED_SEGMENT, SEALED_SEGMENT);
        assertOpenFails("a", duplicated);
    }

    @Test
    void appendedBytesAndTamperingShouldNotOpen() throws Exception {
        byte[] sealed = seal("a", data(S + 100));
        byte[] appended = Arrays.copyOf(sealed, sealed.length + 20);
        assertOpenFails("a", appended);

        byte[] tampered = sealed.clone();
        tampered[SegmentedAead.HEADER + S + 50] ^= 1;
        assertOpenFails("a", tampered);
    }

    @Test
    void aStreamShouldNotOpenAsAnotherPartOrUnderAnotherMessage() throws Exception {
        byte[] sealed = seal("attachment-1", data(1000));

        assertOpenFails("attachment-2", sealed);
        assertThatThrownBy(() -> MessageKey.generate("msg-2").decryptingStream("attachment-1", new ByteArrayInputStream(sealed)).readAllBytes())
            .isInstanceOf(IOException.class);
    }

    @Test
    void aLargePartShouldStreamThroughWithoutHoldingIt() throws Exception {
        long size = 25L * 1024 * 1024;
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        java.io.File file = java.io.File.createTempFile("sealed", ".bin");
        file.deleteOnExit();
        Random random = new Random(25);
        byte[] chunk = new byte[8192];
        try (OutputStream out = key.encryptingStream("big", new java.io.FileOutputStream(file))) {
            for (long done = 0; done < size; done += chunk.length) {
                random.nextBytes(chunk);
                written.update(chunk);
                out.write(chunk);
            }
        }
        try (InputStream in = key.decryptingStream("big", new java.io.FileInputStream(file))) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                read.update(chunk, 0, n);
            }
        }
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(file.length()).isEqualTo(SegmentedAead.HEADER + size + (size / S) * SegmentedAead.TAG);
    }

    private void assertOpenFails(String part, byte[] sealed) {
        assertThatThrownBy(() -> open(part, sealed)).isInstanceOf(IOException.class)
            .hasCauseInstanceOf(CryptoException.class);
    }
}
