package io.securemessenger.vault.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Streaming authenticated encryption for parts too large to hold in memory (the construction of
 * Tink's segmented AES-GCM streams): a header with a random 7-byte nonce prefix, then segments of
 * {@link #SEGMENT} plaintext bytes, each sealed with AES-GCM under the nonce
 * {@code prefix || segment index || last-segment flag} and the part's associated data. A
 * reordered, dropped, duplicated or appended segment, or a truncated stream, fails to open.
 */
final class SegmentedAead {
    static final int SEGMENT = 64 * 1024;
    static final byte VERSION = 2;
    static final int PREFIX = 7;
    static final int HEADER = 1 + PREFIX;
    static final int TAG = MessageKey.TAG_BITS / 8;

    private SegmentedAead() {
    }

    static byte[] nonce(byte[] prefix, int index, boolean last) {
        return ByteBuffer.allocate(MessageKey.NONCE_BYTES).put(prefix).putInt(index).put((byte) (last ? 1 : 0)).array();
    }

    /** Buffers one segment of plaintext; a full segment is sealed only once more data shows it is not the last. */
    static final class Encrypting extends OutputStream {
        private final SecretKey key;
        private final byte[] aad;
        private final OutputStream sink;
        private final byte[] prefix = MessageKey.random(PREFIX);
        private final byte[] buffer = new byte[SEGMENT];
        /**
         * Segments are sealed into this array, sized by the first: a new array per segment was most
         * of what sealing a large part allocated.
         */
        private byte[] sealed = new byte[0];
        private final Cipher cipher;
        private int filled;
        private int index;
        private boolean closed;

        Encrypting(SecretKey key, byte[] aad, OutputStream sink) throws CryptoException {
            this.key = key;
            this.aad = aad;
            this.sink = sink;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
                sink.write(VERSION);
                sink.write(prefix);
            } catch (GeneralSecurityException | IOException e) {
                throw new CryptoException("Cannot start an encrypted stream", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            while (len > 0) {
                if (filled == SEGMENT) {
                    seal(false);
                }
                int n = Math.min(len, SEGMENT - filled);
                System.arraycopy(data, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(MessageKey.TAG_BITS, nonce(prefix, index, last)));
                cipher.updateAAD(aad);
                if (sealed.length < filled + TAG) {
                    sealed = new byte[filled + TAG];
                }
                sink.write(sealed, 0, cipher.doFinal(buffer, 0, filled, sealed, 0));
            } catch (GeneralSecurityException e) {
                throw new IOException(new CryptoException("Cannot encrypt segment " + index, e));
            }
            index++;
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seal(true);
            } finally {
                sink.close();
            }
        }
    }

    /** Reads one sealed segment ahead, plus one byte to know whether it is the last. */
    static final class Decrypting extends InputStream {
        private final SecretKey key;
        private final byte[] aad;
        private final InputStream source;
        private final String messageId;
        private final String partId;
        private final byte[] sealed = new byte[SEGMENT + TAG + 1];
        private final Cipher cipher;
        private byte[] prefix;
        private int carried;
        /** Segments open into this array, sized by the first; {@link #plainLength} of it is the current segment. */
        private byte[] plain = new byte[0];
        private int plainLength;
        private int position;
        private int index;
        private boolean done;

        Decrypting(SecretKey key, byte[] aad, InputStream source, String messageId, String partId) throws CryptoException {
            this.key = key;
            this.aad = aad;
            this.source = source;
            this.messageId = messageId;
            this.partId = partId;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new CryptoException("Cannot start decrypting", e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] out, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plainLength) {
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plainLength - position);
            System.arraycopy(plain, position, out, off, n);
            position += n;
            return n;
        }

        private void next() throws IOException {
            if (prefix == null) {
                byte[] header = new byte[HEADER];
                if (source.readNBytes(header, 0, HEADER) != HEADER || header[0] != VERSION) {
                    throw failure("is not an encrypted stream, or is truncated", null);
                }
                prefix = java.util.Arrays.copyOfRange(header, 1, HEADER);
            }
            int wanted = SEGMENT + TAG + 1;
            int got = carried + source.readNBytes(sealed, carried, wanted - carried);
            boolean last = got < wanted;
            int length = last ? got : SEGMENT + TAG;
            if (length < TAG) {
                throw failure("is truncated", null);
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(MessageKey.TAG_BITS, nonce(prefix, index, last)));
                cipher.updateAAD(aad);
                if (plain.length < length - TAG) {
                    plain = new byte[length - TAG];
                }
                plainLength = cipher.doFinal(sealed, 0, length, plain, 0);
            } catch (GeneralSecurityException e) {
                throw failure("does not open at segment " + index + ": tampered, reordered, truncated or another part's", e);
            }
            position = 0;
            index++;
            if (last) {
                done = true;
                carried = 0;
            } else {
                sealed[0] = sealed[SEGMENT + TAG];
                carried = 1;
            }
        }

        private IOException failure(String what, Exception cause) {
            return new IOException(new CryptoException("Part " + partId + " of message " + messageId + " " + what, cause));
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
