package io.securemessenger.server.host;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first connection to the LDAP directory, at start: James would fail the whole start when the
 * directory is down. A mail gateway must not stop carrying mail for that, so a failed attempt is
 * logged (one WARN line naming the directory and the reason) and retried every
 * {@value #RETRY_SECONDS} seconds in the background; until one succeeds, user look-ups fail (portal
 * sign-in of senders says the directory cannot be reached) and everything else runs.
 */
final class DirectoryConnection {
    static final int RETRY_SECONDS = 15;
    private static final Logger LOGGER = LoggerFactory.getLogger(DirectoryConnection.class);

    interface Attempt {
        void connect() throws Exception;
    }

    private DirectoryConnection() {
    }

    static void connectOrRetry(String directory, Attempt attempt) {
        if (tryOnce(directory, attempt)) {
            return;
        }
        ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ldap-connect-retry");
            thread.setDaemon(true);
            return thread;
        });
        retry.scheduleWithFixedDelay(() -> {
            if (tryOnce(directory, attempt)) {
                LOGGER.info("The LDAP directory {} is reachable again", directory);
                retry.shutdown();
            }
        }, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean tryOnce(String directory, Attempt attempt) {
        try {
            attempt.connect();
            return true;
        } catch (Exception e) {
            LOGGER.warn("The LDAP directory {} cannot be reached ({}): senders cannot sign in to the portal until it can; "
                + "mail flows meanwhile. Retrying every {} seconds.", directory, reason(e), RETRY_SECONDS);
            return false;
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
