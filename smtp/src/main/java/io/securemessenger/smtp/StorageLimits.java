package io.securemessenger.smtp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server keeps what it accepts and how much free space it must leave there
 * ({@code storage.minimum.free}): what {@link StorageGuardHook} checks. Bound by the wiring module.
 */
public final class StorageLimits {
    private final Path dataDirectory;
    private final long minimumFreeBytes;

    private StorageLimits(Path dataDirectory, long minimumFreeBytes) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory);
        this.minimumFreeBytes = minimumFreeBytes;
    }

    public static StorageLimits of(Path dataDirectory, long minimumFreeBytes) {
        if (minimumFreeBytes < 0) {
            throw new IllegalArgumentException("the minimum free space cannot be negative");
        }
        return new StorageLimits(dataDirectory, minimumFreeBytes);
    }

    /** James' working directory: queues, James' database and (by default) the vault lie under it. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Below this many free bytes in the data directory, SMTP asks senders to try again later. */
    public long minimumFreeBytes() {
        return minimumFreeBytes;
    }
}
