package io.securemessenger.server.host;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.ldap.LdapHealthCheck;
import org.apache.james.user.ldap.LdapRepositoryConfiguration;
import org.apache.james.user.ldap.ReadOnlyUsersLDAPRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * James' users from an LDAP directory, its own {@code ReadOnlyUsersLDAPRepository} wired as
 * {@code james-server-guice-data-ldap}'s {@code LdapUsersRepositoryModule} does, with one
 * difference: James connects to the directory while it starts and fails the whole start when it
 * cannot. A mail gateway must not stop carrying mail because the directory is down when it
 * (re)starts, so here a failed first connection is logged and retried every
 * {@value #RETRY_SECONDS} seconds in the background; until it succeeds, user look-ups fail (portal
 * sign-in of senders says the directory cannot be reached) and everything else runs.
 */
public final class LdapUsersModule extends AbstractModule {
    static final int RETRY_SECONDS = 15;
    private static final Logger LOGGER = LoggerFactory.getLogger(LdapUsersModule.class);

    @Override
    protected void configure() {
        bind(ReadOnlyUsersLDAPRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(ReadOnlyUsersLDAPRepository.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(LdapHealthCheck.class);
    }

    @Provides
    @Singleton
    LdapRepositoryConfiguration configuration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return LdapRepositoryConfiguration.from(configurationProvider.getConfiguration("usersrepository"));
    }

    @ProvidesIntoSet
    InitializationOperation connect(LdapRepositoryConfiguration configuration, ReadOnlyUsersLDAPRepository users) {
        return InitilizationOperationBuilder.forClass(ReadOnlyUsersLDAPRepository.class)
            .init(() -> {
                users.configure(configuration);
                if (!tryToConnect(users, configuration)) {
                    retryInBackground(users, configuration);
                }
            });
    }

    private static boolean tryToConnect(ReadOnlyUsersLDAPRepository users, LdapRepositoryConfiguration configuration) {
        try {
            users.init();
            return true;
        } catch (Exception e) {
            LOGGER.warn("The LDAP directory {} cannot be reached ({}): senders cannot sign in to the portal until it can; "
                + "mail flows meanwhile. Retrying every {} seconds.", configuration.getLdapHost(), reason(e), RETRY_SECONDS);
            return false;
        }
    }

    private static void retryInBackground(ReadOnlyUsersLDAPRepository users, LdapRepositoryConfiguration configuration) {
        ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ldap-connect-retry");
            thread.setDaemon(true);
            return thread;
        });
        retry.scheduleWithFixedDelay(() -> {
            if (tryToConnect(users, configuration)) {
                LOGGER.info("The LDAP directory {} is reachable again", configuration.getLdapHost());
                retry.shutdown();
            }
        }, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
