package io.securemessenger.mailets.guice;

import javax.inject.Inject;
import org.apache.james.utils.UserDefinedStartable;

/**
 * Starts Secure Messenger's {@link BackgroundJobs} once James is up. Listed in
 * {@code extensions.properties} as {@code guice.extension.startable}, James' hook for extension
 * start-up work.
 */
public class SecureMessengerStartable implements UserDefinedStartable {
    private final BackgroundJobs jobs;

    @Inject
    public SecureMessengerStartable(BackgroundJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void start() {
        jobs.start();
    }
}
