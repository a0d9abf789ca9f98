package io.securemessenger.vault.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The data key of one sealed message: a fresh AES-256 key that encrypts the message's parts with
 * AES-GCM, and is itself stored only wrapped by a master key. Every ciphertext is bound, through
 * its associated data, to this message and to its part, so a ciphertext moved to another message
 * or part does not open. Nonces are random (96 bits) and never chosen by callers.
 *
 * <pre>{@code
 * MessageKey key = MessageKey.generate(messageId);
 * byte[] wrapped = key.wrap(ring);                    // store with the message
 * byte[] body = key.encrypt("body", plaintext);       // store
 * MessageKey.unwrap(ring, messageId, wrapped).decrypt("body", body);
 * }</pre>
 */
public final class MessageKey {
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final byte WRAP_VERSION = 1;
    private static final byte PART_VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String messageId;
    private final SecretKey dataKey;

    private MessageKey(String messageId, SecretKey dataKey) {
        this.messageId = checkId("message id", messageId);
        this.dataKey = dataKey;
    }

    /** A new random data key for the message. */
    public static MessageKey generate(String messageId) throws CryptoException {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return new MessageKey(messageId, generator.generateKey());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot generate a data key", e);
        }
    }

    /** Opens a data key wrapped by {@link #wrap(KeyRing)}; it names the master key it needs. */
    public static MessageKey unwrap(KeyRing ring, String messageId, byte[] wrapped) throws CryptoException {
        ByteBuffer in = ByteBuffer.wrap(wrapped);
        try {
            if (in.get() != WRAP_VERSION) {
                throw new CryptoException("Wrapped data key of message " + messageId + " has an unknown format");
            }
            byte[] id = new byte[in.get() & 0xff];
            in.get(id);
            String masterKeyId = new String(id, StandardCharsets.US_ASCII);
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, ring.key(masterKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(wrapAad(messageId, masterKeyId));
            byte[] raw = cipher.doFinal(sealed);
            try {
                return new MessageKey(messageId, new SecretKeySpec(raw, "AES"));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new CryptoException("Wrapped data key of message " + messageId + " is truncated");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Wrapped data key of message " + messageId + " does not open: wrong message or tampered", e);
        }
    }

    /** The master key id a wrapped data key names, without opening it (for re-wrapping jobs). */
    public static String masterKeyIdOf(byte[] wrapped) throws CryptoException {
        if (wrapped.length < 2 || wrapped[0] != WRAP_VERSION || wrapped.length < 2 + (wrapped[1] & 0xff)) {
            throw new CryptoException("Not a wrapped data key");
        }
        return new String(wrapped, 2, wrapped[1] & 0xff, StandardCharsets.US_ASCII);
    }

    /** This data key wrapped by the ring's primary master key, naming that key. */
    public byte[] wrap(KeyRing ring) throws CryptoException {
        String masterKeyId = ring.primaryId();
        byte[] nonce = nonce();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, ring.primary(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(wrapAad(messageId, masterKeyId));
            byte[] sealed = cipher.doFinal(dataKey.getEncoded());
            byte[] id = masterKeyId.getBytes(StandardCharsets.US_ASCII);
            return ByteBuffer.allocate(2 + id.length + NONCE_BYTES + sealed.length)
                .put(WRAP_VERSION).put((byte) id.length).put(id).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot wrap the data key of message " + messageId, e);
        }
    }

    /** Encrypts one part held in memory. Equal plaintexts give different ciphertexts. */
    public byte[] encrypt(String partId, byte[] plaintext) throws CryptoException {
        byte[] nonce = nonce();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, partId);
            byte[] out = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            out[0] = PART_VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, 1 + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot encrypt part " + partId + " of message " + messageId, e);
        }
    }

    /** Decrypts what {@link #encrypt} produced for the same message and part. */
    public byte[] decrypt(String partId, byte[] ciphertext) throws CryptoException {
        if (ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != PART_VERSION) {
            throw new CryptoException("Part " + partId + " of message " + messageId + " is not a sealed part");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(ciphertext, 1, 1 + NONCE_BYTES), partId);
            return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Part " + partId + " of message " + messageId + " does not open: tampered, or another message's", e);
        }
    }

    /**
     * A stream that encrypts what is written to it, in segments, into {@code sink}; memory use is
     * one segment whatever the size. Closing it writes the last segment and closes {@code sink}.
     */
    public OutputStream encryptingStream(String partId, OutputStream sink) throws CryptoException {
        return new SegmentedAead.Encrypting(dataKey, aad(partId), sink);
    }

    /**
     * A stream that decrypts what {@link #encryptingStream} wrote. It fails with an
     * {@link java.io.IOException} whose cause is a {@link CryptoException} as soon as a segment is
     * tampered with, reordered, or the stream is truncated: no unauthenticated byte is returned.
     */
    public InputStream decryptingStream(String partId, InputStream source) throws CryptoException {
        return new SegmentedAead.Decrypting(dataKey, aad(partId), source, messageId, partId);
    }

    public String messageId() {
        return messageId;
    }

    private Cipher cipher(int mode, byte[] nonce, String partId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad(partId));
        return cipher;
    }

    private byte[] aad(String partId) {
        return ("secure-messenger/part/v1\u0000" + messageId + "\u0000" + checkId("part id", partId)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wrapAad(String messageId, String masterKeyId) {
        return ("secure-messenger/data-key/v1\u0000" + messageId + "\u0000" + masterKeyId).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    private static String checkId(String what, String id) {
        if (id == null || id.isEmpty() || id.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("A " + what + " is a non-empty string without NUL characters");
        }
        return id;
    }
}
