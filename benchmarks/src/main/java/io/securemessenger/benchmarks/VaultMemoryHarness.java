package io.securemessenger.benchmarks;

import io.securemessenger.vault.Vault;
import io.securemessenger.vault.store.SealedMessageStore;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seals one part of {@code size} bytes (streamed from a generator, never held) into an embedded
 * vault and reads it back, then prints the peak heap in use against the part's size. Run it with a
 * heap smaller than the part (run-vault-memory.sh uses -Xmx64m for 25 MiB): holding the part in
 * memory even once would fail.
 */
public final class VaultMemoryHarness {
    private VaultMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 25L * 1024 * 1024;
        Path dir = Files.createTempDirectory("vault-memory");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (Vault vault = Vault.open(Vault.Config.embedded(dir.resolve("vault")), Clock.systemUTC())) {
            resetPeaks();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            Instant now = Instant.now();
            vault.messages().seal("msg-large", "benchmark@localhost", vault.keyRing(), now, now.plusSeconds(3600),
                List.of(SealedMessageStore.Part.of("attachment-1", new Generated(size, written))));
            long sealAllocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
            long sealPeak = heapPeak();
            resetPeaks();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            try (InputStream in = vault.messages().open("msg-large", "attachment-1", vault.keyRing())) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    read.update(buffer, 0, n);
                    total += n;
                }
            }
            long openPeak = heapPeak();
            if (total != size || !MessageDigest.isEqual(written.digest(), read.digest())) {
                throw new IllegalStateException("the part did not come back as it was sealed");
            }
            long max = Runtime.getRuntime().maxMemory();
            System.out.printf(Locale.ROOT, "Part of %.1f MiB sealed and opened through the embedded vault (max heap %.0f MiB)%n",
                size / 1048576.0, max / 1048576.0);
            // Peak use includes garbage not yet collected: it tracks the heap limit, not the part size.
            System.out.printf(Locale.ROOT, "  peak heap in use while sealing %6.1f MiB, while opening %6.1f MiB%n",
                sealPeak / 1048576.0, openPeak / 1048576.0);
            // Garbage is what makes a collector grow the heap, and with it the process's resident memory.
            System.out.printf(Locale.ROOT, "  allocated while sealing %.1f MiB, %.2f times the part%n", sealAllocated / 1048576.0,
                (double) sealAllocated / size);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Pseudo-random bytes produced on demand, hashed as they go. */
    private static final class Generated extends InputStream {
        private final Random random = new Random(25);
        private final MessageDigest digest;
        private byte[] chunk = new byte[0];
        private long remaining;

        Generated(long size, MessageDigest digest) {
            this.remaining = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            if (chunk.length != n) {
                chunk = new byte[n];
            }
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            digest.update(chunk);
            remaining -= n;
            return n;
        }
    }
}
