package io.securemessenger.vault;

/** Sizes as the product writes them to people, on the portal and in the mail it sends: "512 bytes", "240 KB", "3.5 MB". */
public final class Sizes {
    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        // One decimal, rounded half up; without String.format, which was a visible part of a portal view.
        long tenths = Math.round(bytes / (1024.0 * 1024 / 10));
        return tenths / 10 + "." + tenths % 10 + " MB";
    }
}
