package io.securemessenger.wiring;

import javax.inject.Inject;
import org.apache.james.utils.UserDefinedStartable;

/**
 * Starts the portal ({@link PortalLauncher}) and Secure Messenger's {@link BackgroundJobs} once
 * James is up. Listed in
 * {@code extensions.properties} as {@code guice.extension.startable}, James' hook for extension
 * start-up work.
 */
public class SecureMessengerStartable implements UserDefinedStartable {
    private final PortalLauncher portal;
    private final BackgroundJobs jobs;

    @Inject
    public SecureMessengerStartable(PortalLauncher portal, BackgroundJobs jobs) {
        this.portal = portal;
        this.jobs = jobs;
    }

    @Override
    public void start() {
        try {
            portal.start();
        } catch (Exception e) {
            throw new IllegalStateException("The Secure Messenger portal cannot start: " + e.getMessage(), e);
        }
        jobs.start();
    }
}
