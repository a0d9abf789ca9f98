package io.securemessenger.mailets.retention;

import javax.inject.Inject;
import org.apache.james.utils.UserDefinedStartable;

/**
 * Starts the {@link RetentionSweeper} once James is up. Listed in {@code extensions.properties}
 * as {@code guice.extension.startable}, James' hook for extension start-up work.
 */
public class RetentionStartable implements UserDefinedStartable {
    private final RetentionSweeper sweeper;

    @Inject
    public RetentionStartable(RetentionSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public void start() {
        sweeper.start();
    }
}
