package io.securemessenger.vault;

import java.util.Locale;

/** Sizes as the product writes them to people, on the portal and in the mail it sends: "512 bytes", "240 KB", "3.5 MB". */
public final class Sizes {
    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
