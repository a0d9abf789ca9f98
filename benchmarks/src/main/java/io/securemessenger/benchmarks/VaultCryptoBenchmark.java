package io.securemessenger.benchmarks;

import io.securemessenger.vault.crypto.KeyRing;
import io.securemessenger.vault.crypto.MessageKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealing and opening a message part with the vault's envelope encryption (a fresh data key,
 * wrapped by the master key, AES-GCM with associated data; and the segmented stream for large
 * parts) against raw JDK AES-256-GCM on the same bytes in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VaultCryptoBenchmark {
    @Param({"1048576", "26214400"})
    public int size;

    private byte[] plaintext;
    private SecretKey rawKey;
    private KeyRing ring;
    private MessageKey sealedKey;
    private byte[] sealedPart;
    private byte[] sealedStream;
    private byte[] wrapped;
    private byte[] rawCiphertext;
    private byte[] rawNonce;
    private final SecureRandom random = new SecureRandom();

    @Setup
    public void setUp() throws Exception {
        plaintext = new byte[size];
        new Random(size).nextBytes(plaintext);
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        rawKey = generator.generateKey();
        ring = KeyRing.builder().add("mk-0001", generator.generateKey()).primary("mk-0001").build();
        sealedKey = MessageKey.generate("msg-bench");
        wrapped = sealedKey.wrap(ring);
        sealedPart = sealedKey.encrypt("body", plaintext);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + size / 1000 + 64);
        try (OutputStream encrypting = sealedKey.encryptingStream("attachment-1", out)) {
            encrypting.write(plaintext);
        }
        sealedStream = out.toByteArray();
        rawNonce = new byte[12];
        random.nextBytes(rawNonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        rawCiphertext = cipher.doFinal(plaintext);
    }

    @Benchmark
    public byte[] rawJdkAesGcmEncrypt() throws Exception {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        return cipher.doFinal(plaintext);
    }

    @Benchmark
    public byte[] rawJdkAesGcmDecrypt() throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        return cipher.doFinal(rawCiphertext);
    }

    /** Fresh data key, wrap, seal: what sealing a message costs. */
    @Benchmark
    public byte[] vaultSeal() throws Exception {
        MessageKey key = MessageKey.generate("msg-bench");
        key.wrap(ring);
        return key.encrypt("body", plaintext);
    }

    /** Unwrap, open. */
    @Benchmark
    public byte[] vaultOpen() throws Exception {
        return MessageKey.unwrap(ring, "msg-bench", wrapped).decrypt("body", sealedPart);
    }

    @Benchmark
    public int vaultSealStream() throws Exception {
        MessageKey key = MessageKey.generate("msg-bench");
        key.wrap(ring);
        CountingSink sink = new CountingSink();
        try (OutputStream out = key.encryptingStream("attachment-1", sink)) {
            out.write(plaintext);
        }
        return sink.count;
    }

    @Benchmark
    public long vaultOpenStream() throws Exception {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = MessageKey.unwrap(ring, "msg-bench", wrapped)
            .decryptingStream("attachment-1", new ByteArrayInputStream(sealedStream))) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
        }
        return total;
    }

    private static final class CountingSink extends OutputStream {
        private int count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
